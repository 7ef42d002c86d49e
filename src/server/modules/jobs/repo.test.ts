import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { SYSTEM_ACTOR } from '../../access.ts';
import { createTestDb } from '../../testing/test-db.ts';
import { insertOrgUnit } from '../../testing/test-app.ts';
import { assertRows, assertTypeEqual, type Equal } from '../../testing/row-type.ts';
import { claimJob, claimedJobRow, findJob, insertJob, type JobError, type JobRow } from './repo.ts';

const nullableDate = z.date().nullable();
const jobError = z.custom<JobError>((v) => typeof v === 'object' && v !== null && typeof (v as JobError).code === 'string' && Array.isArray((v as JobError).details));

const jobRow = z.strictObject({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(['QUEUED', 'RUNNING', 'DONE', 'FAILED']),
  progress: z.number(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: jobError.nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  createdByUserId: z.number().int().nullable(),
  createdByTokenId: z.number().int().nullable(),
  createdBy: z.string().nullable(),
  orgUnitId: z.number().int().nullable(),
  orgUnitPath: z.string().nullable(),
  createdAt: z.date(),
  startedAt: nullableDate,
  finishedAt: nullableDate,
});
assertTypeEqual<Equal<z.infer<typeof jobRow>, JobRow>>();

describe('job repo: the declared row types are what the database hands over', () => {
  let db: Db;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await createTestDb());
    await insertOrgUnit(db, 'VN', 'Việt Nam', null);
  });
  after(() => drop());

  test('findJob and claimJob rows', async () => {
    const orgUnitId = (await db.query<{ id: number }>(`SELECT id FROM org_unit WHERE code = 'VN'`)).rows[0].id;
    const id = await insertJob(db, { kind: 'row-check', actor: SYSTEM_ACTOR, lang: 'en', orgUnitId, payload: { a: 1 }, input: new Uint8Array([1, 2, 3]), maxAttempts: 2, now: new Date() });
    assertRows([await findJob(db, id)], jobRow, 'findJob (queued)');
    const claimed = await db.transaction((tx) => claimJob(tx, 'row-check', 'owner-1', 1, 60_000));
    const [row] = assertRows([claimed], claimedJobRow, 'claimJob');
    assertRows([{ ...row, input: row.input && Array.from(row.input) }], claimedJobRow.extend({ input: z.array(z.number()).nullable() }), 'claimJob input bytes');
    assertRows([await findJob(db, id)], jobRow, 'findJob (running)');
  });
});
