import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app.ts';

interface UnitBody {
  id: number;
  code: string;
  nameVi: string;
  path: string;
  level: number;
  parentCode: string | null;
  closingDate: string | null;
}

describe('org units API', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  let writes = 0;

  async function create(body: Record<string, unknown>): Promise<UnitBody> {
    const res = await admin.post('/api/orgUnits', body);
    assert.equal(res.statusCode, 201, res.body);
    writes++;
    return res.json();
  }

  before(async () => {
    t = await createTestApp();
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
    admin = await t.login('admin');
    await create({ code: 'VN', nameVi: 'Việt Nam', nameEn: 'Viet Nam', type: 'country' });
    // Names chosen so that byte order and Vietnamese order disagree (Đ after D, ă after a).
    for (const [code, nameVi] of [
      ['01', 'Hà Nội'],
      ['92', 'Cần Thơ'],
      ['48', 'Đà Nẵng'],
      ['52', 'Gia Lai'],
      ['66', 'Đắk Lắk'],
      ['91', 'An Giang'],
      ['DK', 'Dương Kinh'],
    ]) {
      await create({ code, nameVi, parent: 'VN', type: 'province' });
    }
    await create({ code: '01-SO', nameVi: 'Sở Khoa học và Công nghệ Hà Nội', parent: '01', type: 'department' });
    await t.createUser('canbo.hanoi', [{ role: 'REPORTING_OFFICER', orgUnit: '01' }]);
    officer = await t.login('canbo.hanoi');
  });
  after(() => t.close());

  test('create derives level and path from the parent; the code is unique', async () => {
    const vn = (await admin.get('/api/orgUnits/VN')).json();
    const hn = (await admin.get('/api/orgUnits/01')).json();
    assert.equal(vn.level, 1);
    assert.equal(vn.path, `/${vn.id}/`);
    assert.equal(hn.level, 2);
    assert.equal(hn.path, `/${vn.id}/${hn.id}/`);
    assert.equal(hn.parent.code, 'VN');
    const dup = await admin.post('/api/orgUnits', { code: '01', nameVi: 'Trùng mã', parent: 'VN' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'CODE_TAKEN');
  });

  test('validation errors name the field in Vietnamese and English', async () => {
    const badCode = await admin.post('/api/orgUnits', { code: 'có dấu', nameVi: 'X', parent: 'VN' });
    assert.equal(badCode.statusCode, 400);
    assert.equal(badCode.json().error.details[0].path, 'body.code');
    assert.match(badCode.json().error.details[0].message, /Mã đơn vị/);
    const badCodeEn = await admin.post('/api/orgUnits', { code: 'có dấu', nameVi: 'X', parent: 'VN' }, { 'accept-language': 'en' });
    assert.match(badCodeEn.json().error.details[0].message, /Unit code/);
    const unknownParent = await admin.post('/api/orgUnits', { code: 'X1', nameVi: 'X', parent: 'KHONG-CO' }, { 'accept-language': 'en' });
    assert.equal(unknownParent.statusCode, 400);
    assert.equal(unknownParent.json().error.details[0].path, 'parent');
    assert.match(unknownParent.json().error.details[0].message, /unknown org unit 'KHONG-CO'/);
    const badDates = await admin.post('/api/orgUnits', { code: 'X2', nameVi: 'X', parent: 'VN', openingDate: '2025-01-02', closingDate: '2025-01-01' });
    assert.equal(badDates.statusCode, 400);
    assert.equal(badDates.json().error.details[0].path, 'closingDate');
    const unknownField = await admin.post('/api/orgUnits', { code: 'X3', nameVi: 'X', parent: 'VN', colour: 'red' });
    assert.equal(unknownField.statusCode, 400);
    assert.match(JSON.stringify(unknownField.json().error.details), /colour/);
    const notADate = await admin.post('/api/orgUnits', { code: 'X4', nameVi: 'X', parent: 'VN', openingDate: '2025-02-30' });
    assert.equal(notADate.statusCode, 400);
    assert.equal(notADate.json().error.details[0].path, 'body.openingDate');
  });

  test('search ignores accents and case: "ha noi" and "HÀ NỘI" find Hà Nội', async () => {
    for (const q of ['ha noi', 'HÀ NỘI', 'HA NOI', 'Hà nội']) {
      const res = await admin.get(`/api/orgUnits?q=${encodeURIComponent(q)}&level=2`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().items.map((u: UnitBody) => u.code),
        ['01'],
        q,
      );
    }
    const byCode = await admin.get('/api/orgUnits?q=01-so');
    assert.deepEqual(
      byCode.json().items.map((u: UnitBody) => u.code),
      ['01-SO'],
    );
    const wildcard = await admin.get(`/api/orgUnits?q=${encodeURIComponent('%')}`);
    assert.equal(wildcard.json().total, 0);
  });

  test('list is in Vietnamese alphabetical order, with paging and total', async () => {
    const res = await admin.get('/api/orgUnits?parent=VN');
    assert.equal(res.statusCode, 200);
    const names = res.json().items.map((u: UnitBody) => u.nameVi);
    assert.deepEqual(names, ['An Giang', 'Cần Thơ', 'Dương Kinh', 'Đà Nẵng', 'Đắk Lắk', 'Gia Lai', 'Hà Nội']);
    const page = await admin.get('/api/orgUnits?parent=VN&limit=2&offset=3');
    assert.equal(page.json().total, 7);
    assert.deepEqual(
      page.json().items.map((u: UnitBody) => u.nameVi),
      ['Đà Nẵng', 'Đắk Lắk'],
    );
    const byId = await admin.get(`/api/orgUnits?parent=id:${(await admin.get('/api/orgUnits/VN')).json().id}&limit=1`);
    assert.equal(byId.json().total, 7);
  });

  test('a provincial officer reads only their province: 403 elsewhere, and cannot write', async () => {
    const own = await officer.get('/api/orgUnits/01');
    assert.equal(own.statusCode, 200);
    assert.equal(own.json().childrenCount, 1);
    const other = await officer.get('/api/orgUnits/92');
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().error.code, 'FORBIDDEN');
    assert.equal((await officer.get('/api/orgUnits/92/subtree')).statusCode, 403);
    assert.equal((await officer.get('/api/orgUnits/92/lineage')).statusCode, 403);
    const list = await officer.get('/api/orgUnits');
    assert.deepEqual(
      list
        .json()
        .items.map((u: UnitBody) => u.code)
        .sort(),
      ['01', '01-SO'],
    );
    const createRes = await officer.post('/api/orgUnits', { code: '01-MOI', nameVi: 'Đơn vị mới', parent: '01' });
    assert.equal(createRes.statusCode, 403);
    const patch = await officer.patch('/api/orgUnits/01', { nameVi: 'Đổi tên' });
    assert.equal(patch.statusCode, 403);
    const mergeRes = await officer.post('/api/orgUnits/01-SO/merge', { into: '01', effectiveDate: '2025-01-01' });
    assert.equal(mergeRes.statusCode, 403);
    assert.equal((await t.anonymous.get('/api/orgUnits')).statusCode, 401);
    // Anonymous callers learn nothing about which units exist.
    assert.equal((await t.anonymous.get('/api/orgUnits/01')).statusCode, 401);
    assert.equal((await t.anonymous.get('/api/orgUnits/KHONG-CO')).statusCode, 401);
    // A reader without write rights is refused before the unit is even looked up.
    assert.equal((await officer.post('/api/orgUnits/KHONG-CO/close', { closingDate: '2025-01-01' })).statusCode, 403);
    assert.equal((await admin.get('/api/orgUnits/KHONG-CO')).statusCode, 404);
  });

  test('detail has ancestors (breadcrumb), children count and groups', async () => {
    const g = await admin.post('/api/orgUnitGroups', { code: 'THANH_PHO', nameVi: 'Thành phố trực thuộc trung ương', members: ['01', '92'] });
    assert.equal(g.statusCode, 201, g.body);
    writes++;
    const so = (await admin.get('/api/orgUnits/01-SO')).json();
    assert.deepEqual(
      so.ancestors.map((a: { code: string }) => a.code),
      ['VN', '01'],
    );
    const hn = (await admin.get('/api/orgUnits/01')).json();
    assert.deepEqual(
      hn.groups.map((x: { code: string }) => x.code),
      ['THANH_PHO'],
    );
    const inGroup = await admin.get('/api/orgUnits?group=THANH_PHO');
    assert.deepEqual(
      inGroup.json().items.map((u: UnitBody) => u.code),
      ['92', '01'],
    );
    const members = await admin.post('/api/orgUnitGroups/THANH_PHO/members', { add: ['48'], remove: ['92'] });
    assert.equal(members.statusCode, 200, members.body);
    writes++;
    assert.deepEqual(
      members.json().members.map((u: UnitBody) => u.code),
      ['48', '01'],
    );
    const officerSees = await officer.get('/api/orgUnitGroups/THANH_PHO');
    assert.deepEqual(
      officerSees.json().members.map((u: UnitBody) => u.code),
      ['01'],
    );
    const officerCreatesGroup = await officer.post('/api/orgUnitGroups', { code: 'X', nameVi: 'X' });
    assert.equal(officerCreatesGroup.statusCode, 403);
    const groups = await admin.get('/api/orgUnitGroups');
    assert.equal(groups.json().find((x: { code: string }) => x.code === 'THANH_PHO').memberCount, 2);
  });

  test('update changes names and groups, refreshes search, and keeps the path', async () => {
    const res = await admin.patch('/api/orgUnits/DK', { nameVi: 'Dương Kinh Mới', shortName: 'DKM', groups: ['THANH_PHO'] });
    assert.equal(res.statusCode, 200, res.body);
    writes++;
    assert.equal(res.json().nameVi, 'Dương Kinh Mới');
    assert.deepEqual(
      res.json().groups.map((g: { code: string }) => g.code),
      ['THANH_PHO'],
    );
    const found = await admin.get('/api/orgUnits?q=duong kinh moi');
    assert.deepEqual(
      found.json().items.map((u: UnitBody) => u.code),
      ['DK'],
    );
    const unknownGroup = await admin.patch('/api/orgUnits/DK', { groups: ['KHONG_CO'] });
    assert.equal(unknownGroup.statusCode, 400);
    assert.equal(unknownGroup.json().error.details[0].path, 'groups[0]');
  });

  test('move rewrites the path and level of the whole subtree; moving under a descendant is refused', async () => {
    await create({ code: 'A', nameVi: 'Khối A', parent: 'VN' });
    await create({ code: 'A1', nameVi: 'Đơn vị A1', parent: 'A' });
    const a11 = await create({ code: 'A11', nameVi: 'Đơn vị A11', parent: 'A1' });
    const b = await create({ code: 'B', nameVi: 'Khối B', parent: 'VN' });
    const moved = await admin.post('/api/orgUnits/A/move', { parent: 'B' });
    assert.equal(moved.statusCode, 200, moved.body);
    writes++;
    const a = moved.json();
    assert.equal(a.path, `${b.path}${a.id}/`);
    assert.equal(a.level, 3);
    const a11After = (await admin.get('/api/orgUnits/A11')).json();
    assert.ok(a11After.path.startsWith(a.path));
    assert.equal(a11After.path, `${a.path}${(await admin.get('/api/orgUnits/A1')).json().id}/${a11.id}/`);
    assert.equal(a11After.level, 5);
    assert.deepEqual(
      a11After.ancestors.map((x: { code: string }) => x.code),
      ['VN', 'B', 'A', 'A1'],
    );
    const subtree = await admin.get('/api/orgUnits/B/subtree');
    assert.deepEqual(
      subtree.json().items.map((u: UnitBody) => u.code),
      ['A', 'A1', 'A11'],
    );
    const shallow = await admin.get('/api/orgUnits/B/subtree?depth=1');
    assert.deepEqual(
      shallow.json().items.map((u: UnitBody) => u.code),
      ['A'],
    );
    const loop = await admin.post('/api/orgUnits/B/move', { parent: 'A11' });
    assert.equal(loop.statusCode, 400);
    assert.equal(loop.json().error.code, 'MOVE_INTO_DESCENDANT');
    assert.equal(loop.json().error.details[0].path, 'parent');
    const self = await admin.post('/api/orgUnits/B/move', { parent: 'B' });
    assert.equal(self.statusCode, 400);
  });

  test("close hides a unit from today's list; includeClosed and at show it", async () => {
    await create({ code: 'TAM', nameVi: 'Đơn vị tạm', parent: 'VN', openingDate: '2020-01-01' });
    const early = await admin.post('/api/orgUnits/TAM/close', { closingDate: '2019-12-31' });
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details[0].path, 'closingDate');
    const closed = await admin.post('/api/orgUnits/TAM/close', { closingDate: '2024-12-31', reason: 'Giải thể' });
    assert.equal(closed.statusCode, 200, closed.body);
    writes++;
    assert.equal(closed.json().closingDate, '2024-12-31');
    const codes = async (url: string) => (await admin.get(url)).json().items.map((u: UnitBody) => u.code) as string[];
    assert.ok(!(await codes('/api/orgUnits?parent=VN')).includes('TAM'));
    assert.ok((await codes('/api/orgUnits?parent=VN&includeClosed=true')).includes('TAM'));
    assert.ok((await codes('/api/orgUnits?parent=VN&at=2024-12-31')).includes('TAM'));
    assert.ok(!(await codes('/api/orgUnits?parent=VN&at=2025-01-01')).includes('TAM'));
    assert.ok(!(await codes('/api/orgUnits?parent=VN&at=2019-12-31')).includes('TAM'));
    const again = await admin.post('/api/orgUnits/TAM/close', { closingDate: '2025-01-31' });
    assert.equal(again.statusCode, 409);
    const withChildren = await admin.post('/api/orgUnits/B/close', { closingDate: '2025-01-31' });
    assert.equal(withChildren.statusCode, 409);
    assert.equal(withChildren.json().error.code, 'HAS_OPEN_CHILDREN');
  });

  test('merge closes the unit the day before and records MERGE lineage both ways', async () => {
    await create({ code: 'T63-93', nameVi: 'Hậu Giang', parent: 'VN' });
    const res = await admin.post('/api/orgUnits/T63-93/merge', { into: '92', effectiveDate: '2025-07-01', reason: 'Nghị quyết 202/2025/QH15' });
    assert.equal(res.statusCode, 200, res.body);
    writes++;
    assert.equal(res.json().closingDate, '2025-06-30');
    assert.deepEqual(
      res.json().lineage.successors.map((e: { kind: string; effectiveDate: string; unit: { code: string } }) => [e.kind, e.unit.code, e.effectiveDate]),
      [['MERGE', '92', '2025-07-01']],
    );
    const successor = await admin.get('/api/orgUnits/92/lineage');
    assert.deepEqual(
      successor.json().predecessors.map((e: { kind: string; unit: { code: string } }) => [e.kind, e.unit.code]),
      [['MERGE', 'T63-93']],
    );
    const { rows } = await t.db.query<{ kind: string; effective_date: string }>(
      `SELECT kind, effective_date::text AS effective_date FROM org_unit_lineage l JOIN org_unit a ON a.id = l.predecessor_id WHERE a.code = 'T63-93'`,
    );
    assert.deepEqual(rows, [{ kind: 'MERGE', effective_date: '2025-07-01' }]);
    const intoSelf = await admin.post('/api/orgUnits/92/merge', { into: '92', effectiveDate: '2025-07-01' });
    assert.equal(intoSelf.statusCode, 400);
    assert.equal(intoSelf.json().error.details[0].path, 'into');
    const intoClosed = await admin.post('/api/orgUnits/66/merge', { into: 'T63-93', effectiveDate: '2025-07-01' });
    assert.equal(intoClosed.statusCode, 400);
    assert.equal(intoClosed.json().error.code, 'SUCCESSOR_NOT_OPEN');
  });

  test('split records SPLIT lineage to each successor', async () => {
    await create({ code: 'GOC', nameVi: 'Đơn vị gốc', parent: 'VN' });
    const res = await admin.post('/api/orgUnits/GOC/split', { into: ['48', '52'], effectiveDate: '2025-03-01' });
    assert.equal(res.statusCode, 200, res.body);
    writes++;
    assert.equal(res.json().closingDate, '2025-02-28');
    assert.deepEqual(
      res
        .json()
        .lineage.successors.map((e: { kind: string; unit: { code: string } }) => `${e.kind}:${e.unit.code}`)
        .sort(),
      ['SPLIT:48', 'SPLIT:52'],
    );
    const dup = await admin.post('/api/orgUnits/66/split', { into: ['48', '48'], effectiveDate: '2025-03-01' });
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json().error.details[0].path, 'into[1]');
  });

  test('levels are listed', async () => {
    await t.db.query("INSERT INTO org_unit_level (level, name_vi, name_en) VALUES (1, 'Quốc gia', 'Country')");
    const res = await officer.get('/api/orgUnitLevels');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), [{ level: 1, nameVi: 'Quốc gia', nameEn: 'Country' }]);
  });

  test('every successful write left exactly one audit row; refused writes left none', async () => {
    const { rows } = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE object_type IN ('orgUnit', 'orgUnitGroup') GROUP BY action ORDER BY action`,
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    assert.equal(total, writes);
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    assert.equal(byAction['orgUnit.merge'], 1);
    assert.equal(byAction['orgUnit.split'], 1);
    assert.equal(byAction['orgUnit.move'], 1);
    assert.equal(byAction['orgUnit.close'], 1);
    const move = await t.db.query<{ before: { path: string }; after: { path: string }; username: string }>("SELECT before, after, username FROM audit_log WHERE action = 'orgUnit.move'");
    assert.notEqual(move.rows[0].before.path, move.rows[0].after.path);
    assert.equal(move.rows[0].username, 'admin');
  });
});
