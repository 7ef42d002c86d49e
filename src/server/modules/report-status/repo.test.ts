import { after, before, describe, test } from 'node:test';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { insertOrgUnit } from '../../testing/test-app.ts';
import { ensurePeriod, insertElement, insertRegime, putValue } from '../../testing/factories.ts';
import { assertRows } from '../../testing/row-type.ts';
import { insertSubmission, insertedSubmissionRow } from './repo.ts';

describe('report-status repo: the declared row types of its raw SQL are what the database hands over', () => {
  let db: Db;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await createTestDb());
    await insertOrgUnit(db, 'VN', 'Việt Nam', null);
    await insertElement(db, 'DE_A');
  });
  after(() => drop());

  test('insertSubmission returns its id as an integer', async () => {
    const regimeId = await insertRegime(db, 'R1', { sections: [{ code: 'S', nameVi: 'Phần', elements: ['DE_A'] }], units: ['VN'] });
    const periodId = await ensurePeriod(db, '202609');
    await putValue(db, { element: 'DE_A', period: '202609', orgUnit: 'VN', value: 4 });
    const orgUnitId = (await db.query<{ id: number }>(`SELECT id FROM org_unit WHERE code = 'VN'`)).rows[0].id;
    const key = { regimeId, periodId, orgUnitId };
    const id = await insertSubmission(db, key, { submittedAt: new Date(), submittedBy: 'a', isLate: false, comment: null });
    // An id that arrived as a string (int8 unparsed) or under another alias fails here.
    const rows = [{ id }];
    assertRows(rows, insertedSubmissionRow, 'insertSubmission');
  });
});
