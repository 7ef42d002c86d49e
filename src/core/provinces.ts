// Vietnam's provinces and centrally-run cities before and after the 1/7/2025 reorganisation
// (Resolution 202/2025/QH15): the 63 old units, the 34 new ones with their place on the tile-grid map,
// and which old units each new one took over. Reference data of the country, used by the server (the
// demo agency, the merger hand-over) and by the web map alike.

/** Calendar date as 'YYYY-MM-DD'. */
export type IsoDate = string;

// ---------------------------------------------------------------------------------------------
// Provinces
// ---------------------------------------------------------------------------------------------

export interface ProvinceName {
  /** Official full name, e.g. 'Tỉnh Hà Giang', 'Thành phố Hà Nội'. */
  nameVi: string;
  /** Name without the 'Tỉnh' / 'Thành phố' prefix. */
  shortNameVi: string;
  nameEn: string;
  /** Thành phố trực thuộc trung ương. */
  isCentrallyRunCity: boolean;
}

export interface OldProvince extends ProvinceName {
  /** GSO code valid until 30/6/2025. */
  gsoCode: string;
  /** A change of name or status before 1/7/2025 (only Thừa Thiên Huế → Huế, on 1/1/2025). */
  renamedTo?: ProvinceName & { effectiveDate: IsoDate };
}

export interface TilePosition {
  row: number;
  col: number;
}

export interface NewProvince extends ProvinceName {
  /** Code valid from 1/7/2025. */
  code: string;
  /** Position on the tile-grid map of the 34 provinces (row 0 is the north). */
  tile: TilePosition;
}

function toAscii(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function describeProvince(shortNameVi: string, isCentrallyRunCity: boolean): ProvinceName {
  const ascii = toAscii(shortNameVi);
  return {
    nameVi: `${isCentrallyRunCity ? 'Thành phố' : 'Tỉnh'} ${shortNameVi}`,
    shortNameVi,
    nameEn: isCentrallyRunCity ? `${ascii} City` : `${ascii} Province`,
    isCentrallyRunCity,
  };
}

// `const` type parameters keep the codes as literal types, so OLD_TO_NEW can be keyed by them.
function oldProvince<const C extends string>(gsoCode: C, shortNameVi: string, isCentrallyRunCity = false) {
  return { gsoCode, ...describeProvince(shortNameVi, isCentrallyRunCity) };
}

function newProvince<const C extends string>(code: C, shortNameVi: string, tile: TilePosition, isCentrallyRunCity = false) {
  return { code, ...describeProvince(shortNameVi, isCentrallyRunCity), tile };
}

const CITY = true;

/** The 63 provinces and centrally-run cities as they stood in the demo period (until 30/6/2025). */
export const OLD_PROVINCES = [
  oldProvince('01', 'Hà Nội', CITY),
  oldProvince('02', 'Hà Giang'),
  oldProvince('04', 'Cao Bằng'),
  oldProvince('06', 'Bắc Kạn'),
  oldProvince('08', 'Tuyên Quang'),
  oldProvince('10', 'Lào Cai'),
  oldProvince('11', 'Điện Biên'),
  oldProvince('12', 'Lai Châu'),
  oldProvince('14', 'Sơn La'),
  oldProvince('15', 'Yên Bái'),
  oldProvince('17', 'Hòa Bình'),
  oldProvince('19', 'Thái Nguyên'),
  oldProvince('20', 'Lạng Sơn'),
  oldProvince('22', 'Quảng Ninh'),
  oldProvince('24', 'Bắc Giang'),
  oldProvince('25', 'Phú Thọ'),
  oldProvince('26', 'Vĩnh Phúc'),
  oldProvince('27', 'Bắc Ninh'),
  oldProvince('30', 'Hải Dương'),
  oldProvince('31', 'Hải Phòng', CITY),
  oldProvince('33', 'Hưng Yên'),
  oldProvince('34', 'Thái Bình'),
  oldProvince('35', 'Hà Nam'),
  oldProvince('36', 'Nam Định'),
  oldProvince('37', 'Ninh Bình'),
  oldProvince('38', 'Thanh Hóa'),
  oldProvince('40', 'Nghệ An'),
  oldProvince('42', 'Hà Tĩnh'),
  oldProvince('44', 'Quảng Bình'),
  oldProvince('45', 'Quảng Trị'),
  {
    ...oldProvince('46', 'Thừa Thiên Huế'),
    // Resolution 1314/NQ-UBTVQH15 made it a centrally-run city six months before the merger.
    renamedTo: { ...describeProvince('Huế', CITY), effectiveDate: '2025-01-01' },
  },
  oldProvince('48', 'Đà Nẵng', CITY),
  oldProvince('49', 'Quảng Nam'),
  oldProvince('51', 'Quảng Ngãi'),
  oldProvince('52', 'Bình Định'),
  oldProvince('54', 'Phú Yên'),
  oldProvince('56', 'Khánh Hòa'),
  oldProvince('58', 'Ninh Thuận'),
  oldProvince('60', 'Bình Thuận'),
  oldProvince('62', 'Kon Tum'),
  oldProvince('64', 'Gia Lai'),
  oldProvince('66', 'Đắk Lắk'),
  oldProvince('67', 'Đắk Nông'),
  oldProvince('68', 'Lâm Đồng'),
  oldProvince('70', 'Bình Phước'),
  oldProvince('72', 'Tây Ninh'),
  oldProvince('74', 'Bình Dương'),
  oldProvince('75', 'Đồng Nai'),
  oldProvince('77', 'Bà Rịa - Vũng Tàu'),
  oldProvince('79', 'Hồ Chí Minh', CITY),
  oldProvince('80', 'Long An'),
  oldProvince('82', 'Tiền Giang'),
  oldProvince('83', 'Bến Tre'),
  oldProvince('84', 'Trà Vinh'),
  oldProvince('86', 'Vĩnh Long'),
  oldProvince('87', 'Đồng Tháp'),
  oldProvince('89', 'An Giang'),
  oldProvince('91', 'Kiên Giang'),
  oldProvince('92', 'Cần Thơ', CITY),
  oldProvince('93', 'Hậu Giang'),
  oldProvince('94', 'Sóc Trăng'),
  oldProvince('95', 'Bạc Liêu'),
  oldProvince('96', 'Cà Mau'),
] as const satisfies readonly OldProvince[];

export type OldGsoCode = (typeof OLD_PROVINCES)[number]['gsoCode'];

/** Size of the tile-grid map: rows 0..rows-1, columns 0..cols-1. */
export const TILE_GRID = { rows: 14, cols: 6 } as const;

/**
 * The 34 provincial units from 1/7/2025. A merged province takes the code of the old province
 * that hosts its administrative centre (e.g. Lào Cai takes 15, Yên Bái's code).
 */
export const NEW_PROVINCES = [
  // Northern mountains and the Red River delta: the wide head of the map.
  newProvince('12', 'Lai Châu', { row: 0, col: 0 }),
  newProvince('15', 'Lào Cai', { row: 0, col: 1 }),
  newProvince('08', 'Tuyên Quang', { row: 0, col: 2 }),
  newProvince('04', 'Cao Bằng', { row: 0, col: 3 }),
  newProvince('11', 'Điện Biên', { row: 1, col: 0 }),
  newProvince('14', 'Sơn La', { row: 1, col: 1 }),
  newProvince('25', 'Phú Thọ', { row: 1, col: 2 }),
  newProvince('19', 'Thái Nguyên', { row: 1, col: 3 }),
  newProvince('20', 'Lạng Sơn', { row: 1, col: 4 }),
  newProvince('01', 'Hà Nội', { row: 2, col: 2 }, CITY),
  newProvince('24', 'Bắc Ninh', { row: 2, col: 3 }),
  newProvince('22', 'Quảng Ninh', { row: 2, col: 4 }),
  newProvince('37', 'Ninh Bình', { row: 3, col: 2 }),
  newProvince('33', 'Hưng Yên', { row: 3, col: 3 }),
  newProvince('31', 'Hải Phòng', { row: 3, col: 4 }, CITY),
  // North central and central coast: the narrow band, drifting east as the coast does.
  newProvince('38', 'Thanh Hóa', { row: 4, col: 2 }),
  newProvince('40', 'Nghệ An', { row: 5, col: 2 }),
  newProvince('42', 'Hà Tĩnh', { row: 5, col: 3 }),
  newProvince('44', 'Quảng Trị', { row: 6, col: 3 }),
  newProvince('46', 'Huế', { row: 6, col: 4 }, CITY),
  newProvince('48', 'Đà Nẵng', { row: 7, col: 4 }, CITY),
  newProvince('51', 'Quảng Ngãi', { row: 8, col: 4 }),
  newProvince('52', 'Gia Lai', { row: 9, col: 4 }),
  newProvince('66', 'Đắk Lắk', { row: 10, col: 4 }),
  newProvince('56', 'Khánh Hòa', { row: 10, col: 5 }),
  // South east and the Mekong delta: the wide foot.
  newProvince('80', 'Tây Ninh', { row: 11, col: 2 }),
  newProvince('75', 'Đồng Nai', { row: 11, col: 3 }),
  newProvince('68', 'Lâm Đồng', { row: 11, col: 4 }),
  newProvince('91', 'An Giang', { row: 12, col: 1 }),
  newProvince('82', 'Đồng Tháp', { row: 12, col: 2 }),
  newProvince('79', 'Hồ Chí Minh', { row: 12, col: 3 }, CITY),
  newProvince('96', 'Cà Mau', { row: 13, col: 1 }),
  newProvince('92', 'Cần Thơ', { row: 13, col: 2 }, CITY),
  newProvince('86', 'Vĩnh Long', { row: 13, col: 3 }),
] as const satisfies readonly NewProvince[];

export type NewProvinceCode = (typeof NEW_PROVINCES)[number]['code'];

export const PROVINCE_MERGER_DATE: IsoDate = '2025-07-01';
/** Last day the 63 old provinces existed. */
export const OLD_PROVINCES_LAST_DAY: IsoDate = '2025-06-30';

export interface ProvinceMerger {
  newCode: NewProvinceCode;
  /** Old GSO codes that form the new unit; the first hosts the administrative centre. */
  from: readonly OldGsoCode[];
  effectiveDate: IsoDate;
}

function merger(newCode: NewProvinceCode, ...from: OldGsoCode[]): ProvinceMerger {
  return { newCode, from, effectiveDate: PROVINCE_MERGER_DATE };
}

/** Which old provinces form each of the 34 new ones (Resolution 202/2025/QH15). */
export const PROVINCE_MERGERS: readonly ProvinceMerger[] = [
  // Unchanged (Thừa Thiên Huế only renamed).
  merger('01', '01'),
  merger('04', '04'),
  merger('11', '11'),
  merger('12', '12'),
  merger('14', '14'),
  merger('20', '20'),
  merger('22', '22'),
  merger('38', '38'),
  merger('40', '40'),
  merger('42', '42'),
  merger('46', '46'),
  // Merged.
  merger('08', '02', '08'), // Tuyên Quang ← Hà Giang + Tuyên Quang
  merger('15', '15', '10'), // Lào Cai ← Yên Bái + Lào Cai
  merger('19', '19', '06'), // Thái Nguyên ← Thái Nguyên + Bắc Kạn
  merger('25', '25', '26', '17'), // Phú Thọ ← Phú Thọ + Vĩnh Phúc + Hòa Bình
  merger('24', '24', '27'), // Bắc Ninh ← Bắc Giang + Bắc Ninh
  merger('33', '33', '34'), // Hưng Yên ← Hưng Yên + Thái Bình
  merger('31', '31', '30'), // Hải Phòng ← Hải Phòng + Hải Dương
  merger('37', '37', '35', '36'), // Ninh Bình ← Ninh Bình + Hà Nam + Nam Định
  merger('44', '44', '45'), // Quảng Trị ← Quảng Bình + Quảng Trị
  merger('48', '48', '49'), // Đà Nẵng ← Đà Nẵng + Quảng Nam
  merger('51', '51', '62'), // Quảng Ngãi ← Quảng Ngãi + Kon Tum
  merger('52', '52', '64'), // Gia Lai ← Bình Định + Gia Lai
  merger('56', '56', '58'), // Khánh Hòa ← Khánh Hòa + Ninh Thuận
  merger('68', '68', '67', '60'), // Lâm Đồng ← Lâm Đồng + Đắk Nông + Bình Thuận
  merger('66', '66', '54'), // Đắk Lắk ← Đắk Lắk + Phú Yên
  merger('79', '79', '74', '77'), // Hồ Chí Minh ← Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
  merger('75', '75', '70'), // Đồng Nai ← Đồng Nai + Bình Phước
  merger('80', '80', '72'), // Tây Ninh ← Long An + Tây Ninh
  merger('92', '92', '94', '93'), // Cần Thơ ← Cần Thơ + Sóc Trăng + Hậu Giang
  merger('86', '86', '83', '84'), // Vĩnh Long ← Vĩnh Long + Bến Tre + Trà Vinh
  merger('82', '82', '87'), // Đồng Tháp ← Tiền Giang + Đồng Tháp
  merger('96', '96', '95'), // Cà Mau ← Cà Mau + Bạc Liêu
  merger('91', '91', '89'), // An Giang ← Kiên Giang + An Giang
];

/** Old GSO code → code of the province it belongs to from 1/7/2025. */
export const OLD_TO_NEW: Readonly<Record<OldGsoCode, NewProvinceCode>> = Object.fromEntries(PROVINCE_MERGERS.flatMap((m) => m.from.map((oldCode) => [oldCode, m.newCode] as const))) as Record<
  OldGsoCode,
  NewProvinceCode
>;

/** Size of the tile-grid map of the 63 provinces (until 30/6/2025): rows 0..rows-1, columns 0..cols-1. */
export const OLD_TILE_GRID = { rows: 22, cols: 7 } as const;

/**
 * Where each of the 63 provinces sits on its tile-grid map (row 0 is the north), roughly where it lies: the wide
 * north, the narrow central band drifting east with the coast, the wide south and the Mekong delta in the south-west.
 */
export const OLD_PROVINCE_TILES: Readonly<Record<OldGsoCode, TilePosition>> = {
  // Northern mountains.
  '12': { row: 0, col: 1 },
  '10': { row: 0, col: 2 },
  '02': { row: 0, col: 3 },
  '04': { row: 0, col: 4 },
  '11': { row: 1, col: 0 },
  '14': { row: 1, col: 1 },
  '15': { row: 1, col: 2 },
  '08': { row: 1, col: 3 },
  '06': { row: 1, col: 4 },
  '20': { row: 1, col: 5 },
  '17': { row: 2, col: 1 },
  '25': { row: 2, col: 2 },
  '19': { row: 2, col: 3 },
  '24': { row: 2, col: 4 },
  '22': { row: 2, col: 5 },
  // The Red River delta.
  '26': { row: 3, col: 2 },
  '01': { row: 3, col: 3 },
  '27': { row: 3, col: 4 },
  '30': { row: 3, col: 5 },
  '31': { row: 3, col: 6 },
  '37': { row: 4, col: 2 },
  '35': { row: 4, col: 3 },
  '33': { row: 4, col: 4 },
  '34': { row: 4, col: 5 },
  '38': { row: 5, col: 2 },
  '36': { row: 5, col: 3 },
  // North central and central coast.
  '40': { row: 6, col: 2 },
  '42': { row: 7, col: 3 },
  '44': { row: 8, col: 3 },
  '45': { row: 9, col: 3 },
  '46': { row: 10, col: 4 },
  '49': { row: 11, col: 4 },
  '48': { row: 11, col: 5 },
  '62': { row: 12, col: 4 },
  '51': { row: 12, col: 5 },
  '64': { row: 13, col: 4 },
  '52': { row: 13, col: 5 },
  '66': { row: 14, col: 4 },
  '54': { row: 14, col: 5 },
  '67': { row: 15, col: 3 },
  '68': { row: 15, col: 4 },
  '56': { row: 15, col: 5 },
  // South east.
  '70': { row: 16, col: 2 },
  '74': { row: 16, col: 3 },
  '75': { row: 16, col: 4 },
  '58': { row: 16, col: 5 },
  '72': { row: 17, col: 1 },
  '80': { row: 17, col: 2 },
  '79': { row: 17, col: 3 },
  '77': { row: 17, col: 4 },
  '60': { row: 17, col: 5 },
  // The Mekong delta.
  '89': { row: 18, col: 0 },
  '87': { row: 18, col: 1 },
  '82': { row: 18, col: 2 },
  '83': { row: 18, col: 3 },
  '91': { row: 19, col: 0 },
  '92': { row: 19, col: 1 },
  '86': { row: 19, col: 2 },
  '84': { row: 19, col: 3 },
  '93': { row: 20, col: 1 },
  '94': { row: 20, col: 2 },
  '96': { row: 21, col: 0 },
  '95': { row: 21, col: 1 },
};

/** One square of a province tile map: the province's code (GSO), its names and its place. */
export interface ProvinceTile extends ProvinceName {
  code: string;
  tile: TilePosition;
}

/**
 * The tile map in force on a day: the 63 provinces before 1/7/2025 (Thừa Thiên Huế already named Huế from 1/1/2025),
 * the 34 from then on.
 */
export function provinceTilesOn(day: IsoDate): { grid: { rows: number; cols: number }; tiles: ProvinceTile[] } {
  if (day >= PROVINCE_MERGER_DATE) return { grid: TILE_GRID, tiles: NEW_PROVINCES.map((p) => ({ ...p })) };
  return {
    grid: OLD_TILE_GRID,
    tiles: (OLD_PROVINCES as readonly OldProvince[]).map((p) => {
      const named: ProvinceName = p.renamedTo && p.renamedTo.effectiveDate <= day ? p.renamedTo : p;
      return {
        code: p.gsoCode,
        nameVi: named.nameVi,
        shortNameVi: named.shortNameVi,
        nameEn: named.nameEn,
        isCentrallyRunCity: named.isCentrallyRunCity,
        tile: OLD_PROVINCE_TILES[p.gsoCode as OldGsoCode],
      };
    }),
  };
}
