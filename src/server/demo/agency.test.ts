import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ORG_UNITS, ENTERPRISES, MINISTRY, ORG_LEVELS, PROVINCE_UNITS, SECTORS, type DemoOrgUnit } from './agency.ts';
import { NEW_PROVINCES, OLD_PROVINCES, OLD_TO_NEW, PROVINCE_MERGERS, TILE_GRID } from '../../core/provinces.ts';

const VIETNAMESE_LETTERS = 'a-zA-Z' + 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ' + 'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ';
// Precomposed letters only: a decomposed or mis-decoded name (e.g. "HÃ  Ná»™i") fails this.
const VIETNAMESE_NAME = new RegExp(`^[${VIETNAMESE_LETTERS}0-9&(),. -]+$`, 'u');
const ENGLISH_NAME = /^[A-Za-z0-9&(),. -]+$/;
const CODE = /^[A-Z0-9_-]+$/;

const UNCHANGED = ['01', '04', '11', '12', '14', '20', '22', '38', '40', '42', '46'];

function assertVietnameseName(name: string, where: string): void {
  assert.ok(name.trim().length > 0, `${where}: empty name`);
  assert.equal(name, name.normalize('NFC'), `${where}: "${name}" is not NFC`);
  assert.equal(name, name.trim(), `${where}: "${name}" has surrounding spaces`);
  assert.match(name, VIETNAMESE_NAME, `${where}: "${name}" has unexpected characters`);
}

function assertEnglishName(name: string, where: string): void {
  assert.ok(name.trim().length > 0, `${where}: empty English name`);
  assert.match(name, ENGLISH_NAME, `${where}: "${name}" is not plain ASCII`);
}

function findDuplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function unitByCode(code: string): DemoOrgUnit {
  const unit = DEMO_ORG_UNITS.find((u) => u.code === code);
  assert.ok(unit, `unit ${code} missing`);
  return unit;
}

describe('sectors', () => {
  test('are the eight sectors with unique codes and capitalised names', () => {
    assert.equal(SECTORS.length, 8);
    assert.deepEqual(findDuplicates(SECTORS.map((s) => s.code)), []);
    for (const s of SECTORS) {
      assertVietnameseName(s.nameVi, s.code);
      assertEnglishName(s.nameEn, s.code);
      assert.equal(s.nameVi[0], s.nameVi[0].toLocaleUpperCase('vi'), `${s.code} not capitalised`);
    }
    assert.equal(SECTORS.find((s) => s.code === 'BUU_CHINH')?.nameVi, 'Bưu chính');
  });
});

describe('old provinces', () => {
  test('are 63 with unique two-digit GSO codes', () => {
    assert.equal(OLD_PROVINCES.length, 63);
    assert.deepEqual(findDuplicates(OLD_PROVINCES.map((p) => p.gsoCode)), []);
    for (const p of OLD_PROVINCES) assert.match(p.gsoCode, /^\d{2}$/);
  });

  test('have full and short names that agree with their status', () => {
    for (const p of OLD_PROVINCES) {
      assertVietnameseName(p.nameVi, p.gsoCode);
      assertVietnameseName(p.shortNameVi, p.gsoCode);
      assertEnglishName(p.nameEn, p.gsoCode);
      const prefix = p.isCentrallyRunCity ? 'Thành phố ' : 'Tỉnh ';
      assert.equal(p.nameVi, prefix + p.shortNameVi);
    }
    const cities = OLD_PROVINCES.filter((p) => p.isCentrallyRunCity).map((p) => p.shortNameVi);
    assert.deepEqual(cities.sort(), ['Cần Thơ', 'Đà Nẵng', 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh'].sort());
  });

  test('spot checks keep their diacritics', () => {
    const byCode = new Map(OLD_PROVINCES.map((p) => [p.gsoCode, p.shortNameVi]));
    assert.equal(byCode.get('01'), 'Hà Nội');
    assert.equal(byCode.get('06'), 'Bắc Kạn');
    assert.equal(byCode.get('66'), 'Đắk Lắk');
    assert.equal(byCode.get('77'), 'Bà Rịa - Vũng Tàu');
    assert.equal(byCode.get('46'), 'Thừa Thiên Huế');
    assert.equal(OLD_PROVINCES.find((p) => p.gsoCode === '79')?.nameVi, 'Thành phố Hồ Chí Minh');
    assert.equal(OLD_PROVINCES.find((p) => p.gsoCode === '02')?.nameVi, 'Tỉnh Hà Giang');
  });
});

describe('new provinces', () => {
  test('are 34 with unique codes, 6 of them centrally-run cities', () => {
    assert.equal(NEW_PROVINCES.length, 34);
    assert.deepEqual(findDuplicates(NEW_PROVINCES.map((p) => p.code)), []);
    for (const p of NEW_PROVINCES) {
      assertVietnameseName(p.nameVi, p.code);
      assertVietnameseName(p.shortNameVi, p.code);
      assertEnglishName(p.nameEn, p.code);
    }
    const cities = NEW_PROVINCES.filter((p) => p.isCentrallyRunCity).map((p) => p.code);
    assert.deepEqual(cities.sort(), ['01', '31', '46', '48', '79', '92']);
  });

  test('every new code was an old GSO code', () => {
    const oldCodes = new Set<string>(OLD_PROVINCES.map((p) => p.gsoCode));
    for (const p of NEW_PROVINCES) assert.ok(oldCodes.has(p.code), p.code);
  });

  test('tiles are unique and inside the grid', () => {
    const keys = NEW_PROVINCES.map((p) => `${p.tile.row},${p.tile.col}`);
    assert.deepEqual(findDuplicates(keys), []);
    for (const { code, tile } of NEW_PROVINCES) {
      assert.ok(Number.isInteger(tile.row) && tile.row >= 0 && tile.row < TILE_GRID.rows, `${code} row`);
      assert.ok(Number.isInteger(tile.col) && tile.col >= 0 && tile.col < TILE_GRID.cols, `${code} col`);
    }
    assert.ok(TILE_GRID.rows >= 12 && TILE_GRID.rows <= 14);
    assert.ok(TILE_GRID.cols >= 5 && TILE_GRID.cols <= 7);
    // The grid has no wasted outer rows or columns.
    assert.equal(Math.max(...NEW_PROVINCES.map((p) => p.tile.row)), TILE_GRID.rows - 1);
    assert.equal(Math.max(...NEW_PROVINCES.map((p) => p.tile.col)), TILE_GRID.cols - 1);
  });

  test('tiles keep the S shape: wide north, narrow centre, wide south', () => {
    const rowOf = (code: string) => NEW_PROVINCES.find((p) => p.code === code)?.tile.row ?? -1;
    assert.equal(rowOf('12'), 0, 'Lai Châu in the top row');
    assert.equal(rowOf('96'), TILE_GRID.rows - 1, 'Cà Mau in the bottom row');
    assert.ok(rowOf('01') < rowOf('38') && rowOf('38') < rowOf('46') && rowOf('46') < rowOf('48'));
    assert.ok(rowOf('48') < rowOf('56') && rowOf('56') < rowOf('79') && rowOf('79') <= rowOf('92'));

    const widthOfRows = (from: number, to: number) => {
      const cols = NEW_PROVINCES.filter((p) => p.tile.row >= from && p.tile.row <= to).map((p) => p.tile.col);
      return Math.max(...cols) - Math.min(...cols) + 1;
    };
    const countInRow = (row: number) => NEW_PROVINCES.filter((p) => p.tile.row === row).length;
    assert.ok(widthOfRows(0, 1) >= 5, 'north is wide');
    for (let row = 4; row <= 9; row++) assert.ok(countInRow(row) <= 2, `centre row ${row} is narrow`);
    assert.ok(widthOfRows(11, 13) >= 3, 'south is wide');
    // Neighbouring rows overlap, so the country stays one piece.
    for (let row = 1; row < TILE_GRID.rows; row++) {
      const above = NEW_PROVINCES.filter((p) => p.tile.row === row - 1).map((p) => p.tile.col);
      const here = NEW_PROVINCES.filter((p) => p.tile.row === row).map((p) => p.tile.col);
      assert.ok(
        here.some((c) => above.includes(c)),
        `row ${row} touches row ${row - 1}`,
      );
    }
  });
});

describe('province mergers', () => {
  test('map every old code to exactly one new code', () => {
    const seen = PROVINCE_MERGERS.flatMap((m) => [...m.from]);
    assert.deepEqual(findDuplicates(seen), [], 'an old province is listed twice');
    assert.deepEqual([...seen].sort(), OLD_PROVINCES.map((p) => p.gsoCode).sort());
    assert.equal(Object.keys(OLD_TO_NEW).length, 63);
    const newCodes = new Set<string>(NEW_PROVINCES.map((p) => p.code));
    for (const p of OLD_PROVINCES) assert.ok(newCodes.has(OLD_TO_NEW[p.gsoCode]), p.gsoCode);
  });

  test('give every new code at least one predecessor, once, effective 2025-07-01', () => {
    assert.equal(PROVINCE_MERGERS.length, 34);
    assert.deepEqual(findDuplicates(PROVINCE_MERGERS.map((m) => m.newCode)), []);
    for (const p of NEW_PROVINCES) {
      const m = PROVINCE_MERGERS.find((x) => x.newCode === p.code);
      assert.ok(m && m.from.length >= 1, p.code);
      assert.equal(m.effectiveDate, '2025-07-01');
    }
  });

  test('leave 11 provinces unchanged, keeping their code', () => {
    const unchanged = PROVINCE_MERGERS.filter((m) => m.from.length === 1).map((m) => m.newCode);
    assert.deepEqual([...unchanged].sort(), UNCHANGED);
    for (const code of UNCHANGED) assert.equal(OLD_TO_NEW[code as keyof typeof OLD_TO_NEW], code);
  });

  test('match Resolution 202/2025/QH15 for sample groups', () => {
    const predecessors = (newCode: string) =>
      OLD_PROVINCES.filter((p) => OLD_TO_NEW[p.gsoCode] === newCode)
        .map((p) => p.shortNameVi)
        .sort();
    assert.deepEqual(predecessors('79'), ['Bà Rịa - Vũng Tàu', 'Bình Dương', 'Hồ Chí Minh']);
    assert.deepEqual(predecessors('37'), ['Hà Nam', 'Nam Định', 'Ninh Bình']);
    assert.deepEqual(predecessors('68'), ['Bình Thuận', 'Lâm Đồng', 'Đắk Nông'].sort());
    assert.deepEqual(predecessors('15'), ['Lào Cai', 'Yên Bái']);
    assert.deepEqual(predecessors('52'), ['Bình Định', 'Gia Lai']);
    assert.deepEqual(predecessors('80'), ['Long An', 'Tây Ninh']);
    assert.deepEqual(predecessors('91'), ['An Giang', 'Kiên Giang']);
    assert.deepEqual(predecessors('46'), ['Thừa Thiên Huế']);
  });

  test('keep a merged province under the name of its namesake old province', () => {
    const oldName = new Map<string, string>(OLD_PROVINCES.map((p) => [p.shortNameVi, p.gsoCode]));
    for (const p of NEW_PROVINCES) {
      if (p.code === '46') continue; // renamed from Thừa Thiên Huế
      const namesake = oldName.get(p.shortNameVi);
      assert.ok(namesake, `${p.shortNameVi} has no namesake`);
      assert.equal(OLD_TO_NEW[namesake as keyof typeof OLD_TO_NEW], p.code, p.shortNameVi);
    }
  });
});

describe('province units', () => {
  const open = PROVINCE_UNITS.filter((u) => u.closedDate === null);
  const closed = PROVINCE_UNITS.filter((u) => u.closedDate !== null);

  test('are 34 open and 52 closed', () => {
    assert.equal(open.length, 34);
    assert.equal(closed.length, 52);
    assert.deepEqual(open.map((u) => u.code).sort(), NEW_PROVINCES.map((p) => p.code).sort());
  });

  test('unchanged provinces are one unit, open throughout, under their own code', () => {
    for (const code of UNCHANGED) {
      const unit = unitByCode(code);
      assert.equal(unit.openingDate, null);
      assert.equal(unit.closedDate, null);
      assert.equal(unit.lineage, null);
      assert.ok(!PROVINCE_UNITS.some((u) => u.code === `T63-${code}`), `T63-${code} should not exist`);
    }
  });

  test('Huế keeps unit 46 and records its former name', () => {
    const hue = unitByCode('46');
    assert.equal(hue.nameVi, 'Thành phố Huế');
    assert.equal(hue.isCentrallyRunCity, true);
    assert.equal(hue.formerNames.length, 1);
    assert.equal(hue.formerNames[0].nameVi, 'Tỉnh Thừa Thiên Huế');
    assert.equal(hue.formerNames[0].validUntil, '2024-12-31');
  });

  test('merged old provinces are closed T63 units pointing at their new unit', () => {
    for (const unit of closed) {
      assert.match(unit.code, /^T63-\d{2}$/);
      const oldCode = unit.code.slice(4) as keyof typeof OLD_TO_NEW;
      assert.equal(unit.closedDate, '2025-06-30');
      assert.deepEqual(unit.lineage, { mergedInto: OLD_TO_NEW[oldCode], effectiveDate: '2025-07-01' });
      assert.equal(unit.nameVi, OLD_PROVINCES.find((p) => p.gsoCode === oldCode)?.nameVi);
    }
    assert.deepEqual(unitByCode('T63-02').lineage, { mergedInto: '08', effectiveDate: '2025-07-01' });
  });

  test('the 23 merged new provinces open on 2025-07-01', () => {
    const opened = open.filter((u) => u.openingDate === '2025-07-01');
    assert.equal(opened.length, 23);
    assert.equal(unitByCode('79').openingDate, '2025-07-01');
    assert.equal(unitByCode('79').nameVi, 'Thành phố Hồ Chí Minh');
  });
});

describe('ministry and enterprises', () => {
  const sectorCodes = new Set<string>(SECTORS.map((s) => s.code));

  test('the ministry has 12–18 departments with valid sectors', () => {
    assert.equal(MINISTRY.code, 'BTTTT');
    assert.equal(MINISTRY.nameVi, 'Bộ Thông tin và Truyền thông');
    assert.ok(MINISTRY.units.length >= 12 && MINISTRY.units.length <= 18);
    for (const u of MINISTRY.units) {
      assert.equal(u.type, 'department');
      assertVietnameseName(u.nameVi, u.code);
      assertEnglishName(u.nameEn, u.code);
      for (const s of u.sectors) assert.ok(sectorCodes.has(s), `${u.code}: ${s}`);
    }
  });

  test('every sector is led by at least one department', () => {
    for (const s of SECTORS) {
      assert.ok(
        MINISTRY.units.some((u) => (u.sectors as readonly string[]).includes(s.code)),
        s.code,
      );
    }
  });

  test('about ten enterprises with valid sectors', () => {
    assert.ok(ENTERPRISES.length >= 8 && ENTERPRISES.length <= 14);
    for (const e of ENTERPRISES) {
      assert.equal(e.type, 'enterprise');
      assertVietnameseName(e.nameVi, e.code);
      assertEnglishName(e.nameEn, e.code);
      assert.ok(e.sectors.length >= 1, e.code);
      for (const s of e.sectors) assert.ok(sectorCodes.has(s), `${e.code}: ${s}`);
    }
    assert.equal(ENTERPRISES.find((e) => e.shortName === 'Viettel')?.nameVi, 'Tập đoàn Công nghiệp - Viễn thông Quân đội');
  });
});

describe('hierarchy', () => {
  test('codes are unique across all units and well formed', () => {
    assert.deepEqual(findDuplicates(DEMO_ORG_UNITS.map((u) => u.code)), []);
    for (const u of DEMO_ORG_UNITS) assert.match(u.code, CODE, u.code);
    assert.equal(DEMO_ORG_UNITS.length, 1 + 86 + 1 + MINISTRY.units.length + 1 + ENTERPRISES.length);
  });

  test('names are non-empty NFC Vietnamese with English equivalents', () => {
    for (const u of DEMO_ORG_UNITS) {
      assertVietnameseName(u.nameVi, u.code);
      assertVietnameseName(u.shortNameVi, u.code);
      assertEnglishName(u.nameEn, u.code);
    }
  });

  test('two roots; parents come first and sit one level up', () => {
    const roots = DEMO_ORG_UNITS.filter((u) => u.parentCode === null).map((u) => u.code);
    assert.deepEqual(roots, ['VN', 'BTTTT']);
    const seen = new Map<string, DemoOrgUnit>();
    for (const u of DEMO_ORG_UNITS) {
      if (u.parentCode !== null) {
        const parent = seen.get(u.parentCode);
        assert.ok(parent, `${u.code}: parent ${u.parentCode} not listed before it`);
        assert.equal(u.level, parent.level + 1, u.code);
      } else {
        assert.equal(u.level, 1, u.code);
      }
      seen.set(u.code, u);
    }
  });

  test('places each kind of unit where the levels say', () => {
    for (const u of DEMO_ORG_UNITS) {
      if (u.type === 'province') assert.equal(u.parentCode, 'VN', u.code);
      if (u.type === 'department') assert.equal(u.parentCode, 'BTTTT', u.code);
      if (u.type === 'enterprise') assert.equal(u.parentCode, 'DN', u.code);
    }
    assert.equal(unitByCode('DN').parentCode, 'BTTTT');
    assert.equal(unitByCode('DN').level, 2);
    assert.deepEqual(
      ORG_LEVELS.map((l) => l.level),
      [1, 2, 3],
    );
    for (const l of ORG_LEVELS) assertVietnameseName(l.nameVi.replaceAll('/', ','), `level ${l.level}`);
  });

  test('lineage points at open units only', () => {
    const openCodes = new Set(DEMO_ORG_UNITS.filter((u) => u.closedDate === null).map((u) => u.code));
    for (const u of DEMO_ORG_UNITS) {
      if (u.lineage) assert.ok(openCodes.has(u.lineage.mergedInto), `${u.code} → ${u.lineage.mergedInto}`);
    }
  });
});
