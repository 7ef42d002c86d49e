import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogueLink, groupCatalogue, type CatalogueEntry } from './catalogue.ts';

const entries: CatalogueEntry[] = [
  { kind: 'ELEMENT', code: 'DAN_SO', nameVi: 'Dân số', nameEn: 'Population', sectorCode: null, unit: 'người' },
  { kind: 'ELEMENT', code: 'DAN_SO_PHU_5G', nameVi: 'Dân số được phủ sóng 5G', nameEn: 'Population covered by 5G', sectorCode: 'VIEN_THONG', unit: 'người' },
  { kind: 'INDICATOR', code: 'TL_PHU_5G', nameVi: 'Tỷ lệ dân số được phủ sóng 5G', nameEn: '5G population coverage', sectorCode: 'VIEN_THONG', unit: '%' },
  { kind: 'INDICATOR', code: 'TL_KY_SO', nameVi: 'Tỷ lệ văn bản được ký số', nameEn: null, sectorCode: 'CHINH_PHU_SO', unit: '%' },
  { kind: 'ELEMENT', code: 'ORPHAN', nameVi: 'Ấn phẩm', nameEn: null, sectorCode: 'GONE', unit: null },
];
const sectors: Record<string, string> = { VIEN_THONG: 'Viễn thông', CHINH_PHU_SO: 'Chính phủ số và chuyển đổi số' };
const sectorName = (code: string) => sectors[code] ?? null;

test('the catalogue groups every entry by sector, indicators first, unknown sectors last', () => {
  const groups = groupCatalogue(entries, '', sectorName, 'Chưa xếp lĩnh vực', 'vi');
  assert.deepEqual(
    groups.map((g) => g.name),
    ['Chính phủ số và chuyển đổi số', 'Viễn thông', 'Chưa xếp lĩnh vực'],
  );
  assert.deepEqual(
    groups[1].entries.map((e) => e.code),
    ['TL_PHU_5G', 'DAN_SO_PHU_5G'],
  );
  // Vietnamese order: "Ấn phẩm" (A with breve) sorts before "Dân số".
  assert.deepEqual(
    groups[2].entries.map((e) => e.code),
    ['ORPHAN', 'DAN_SO'],
  );
  assert.equal(
    groups.reduce((n, g) => n + g.entries.length, 0),
    entries.length,
  );
});

test('search ignores diacritics and case, and finds codes and English names', () => {
  const codes = (q: string) => groupCatalogue(entries, q, sectorName, '-', 'vi').flatMap((g) => g.entries.map((e) => e.code));
  assert.deepEqual(codes('dan so').sort(), ['DAN_SO', 'DAN_SO_PHU_5G', 'TL_PHU_5G']);
  assert.deepEqual(codes('KÝ SỐ'), ['TL_KY_SO']);
  assert.deepEqual(codes('population covered'), ['DAN_SO_PHU_5G']);
  assert.deepEqual(codes('tl_ky'), ['TL_KY_SO']);
  assert.deepEqual(codes('không có'), []);
});

test('an indicator leads to its page, a data element to its analysis', () => {
  assert.equal(catalogueLink({ kind: 'INDICATOR', code: 'TL_PHU_5G' }), '/indicators/TL_PHU_5G');
  assert.equal(catalogueLink({ kind: 'ELEMENT', code: 'DAN_SO' }), '/analysis?dx=DAN_SO');
});
