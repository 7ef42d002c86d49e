// Reference data for the demo agency: the Ministry of Information and Communications (2022–2023),
// its sectors, departments and reporting enterprises, and Vietnam's provinces before and after the
// 1/7/2025 reorganisation (Resolution 202/2025/QH15). Data only: the demo seeding turns it into rows.

/** Calendar date as 'YYYY-MM-DD'. */
export type IsoDate = string;

export type OrgUnitType = 'country' | 'ministry' | 'province' | 'department' | 'enterprise-group' | 'enterprise';

export type OrgLevelNumber = 1 | 2 | 3;

// ---------------------------------------------------------------------------------------------
// Sectors (org unit groups)
// ---------------------------------------------------------------------------------------------

export interface Sector {
  code: string;
  nameVi: string;
  nameEn: string;
}

export const SECTORS = [
  { code: 'BUU_CHINH', nameVi: 'Bưu chính', nameEn: 'Postal services' },
  { code: 'VIEN_THONG', nameVi: 'Viễn thông', nameEn: 'Telecommunications' },
  { code: 'CHINH_PHU_SO', nameVi: 'Chính phủ số và chuyển đổi số', nameEn: 'Digital government and digital transformation' },
  { code: 'ATTT', nameVi: 'An toàn thông tin mạng', nameEn: 'Network information security' },
  { code: 'KINH_TE_SO', nameVi: 'Kinh tế số, xã hội số', nameEn: 'Digital economy and digital society' },
  { code: 'CONG_NGHIEP_ICT', nameVi: 'Công nghiệp ICT', nameEn: 'ICT industry' },
  { code: 'BAO_CHI', nameVi: 'Báo chí, truyền thông', nameEn: 'Press and media' },
  { code: 'XUAT_BAN', nameVi: 'Xuất bản', nameEn: 'Publishing' },
] as const satisfies readonly Sector[];

export type SectorCode = (typeof SECTORS)[number]['code'];

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

function newProvince<const C extends string>(
  code: C,
  shortNameVi: string,
  tile: TilePosition,
  isCentrallyRunCity = false,
) {
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
export const OLD_TO_NEW: Readonly<Record<OldGsoCode, NewProvinceCode>> = Object.fromEntries(
  PROVINCE_MERGERS.flatMap((m) => m.from.map((oldCode) => [oldCode, m.newCode] as const)),
) as Record<OldGsoCode, NewProvinceCode>;

// ---------------------------------------------------------------------------------------------
// The demo ministry and its reporting enterprises
// ---------------------------------------------------------------------------------------------

export interface MinistryUnit {
  code: string;
  nameVi: string;
  nameEn: string;
  type: 'department';
  /** Sectors the unit leads; empty for units that serve the whole ministry. */
  sectors: readonly SectorCode[];
}

export interface Ministry {
  code: string;
  nameVi: string;
  nameEn: string;
  shortNameVi: string;
  /** Departments as organised by Decree 48/2022/NĐ-CP (the 2023 demo year). */
  units: readonly MinistryUnit[];
}

function department(code: string, nameVi: string, nameEn: string, sectors: readonly SectorCode[] = []): MinistryUnit {
  return { code: `BTTTT-${code}`, nameVi, nameEn, type: 'department', sectors };
}

export const MINISTRY: Ministry = {
  code: 'BTTTT',
  nameVi: 'Bộ Thông tin và Truyền thông',
  nameEn: 'Ministry of Information and Communications',
  shortNameVi: 'Bộ TT&TT',
  units: [
    department('VBC', 'Vụ Bưu chính', 'Department of Posts', ['BUU_CHINH']),
    department('VKHCN', 'Vụ Khoa học và Công nghệ', 'Department of Science and Technology'),
    department('VHTQT', 'Vụ Hợp tác quốc tế', 'Department of International Cooperation'),
    department('VKHTC', 'Vụ Kế hoạch - Tài chính', 'Department of Planning and Finance'),
    department('VPC', 'Vụ Pháp chế', 'Department of Legal Affairs'),
    department('VTCCB', 'Vụ Tổ chức cán bộ', 'Department of Organisation and Personnel'),
    department('VP', 'Văn phòng Bộ', 'Ministry Office'),
    department('TTB', 'Thanh tra Bộ', 'Ministry Inspectorate'),
    department('CVT', 'Cục Viễn thông', 'Vietnam Telecommunications Authority', ['VIEN_THONG']),
    department('CTS', 'Cục Tần số vô tuyến điện', 'Authority of Radio Frequency Management', ['VIEN_THONG']),
    department('CATTT', 'Cục An toàn thông tin', 'Authority of Information Security', ['ATTT']),
    department('CCDS', 'Cục Chuyển đổi số quốc gia', 'National Digital Transformation Agency', [
      'CHINH_PHU_SO',
      'KINH_TE_SO',
    ]),
    department(
      'CCNICT',
      'Cục Công nghiệp công nghệ thông tin và truyền thông',
      'Authority of Information and Communication Technology Industry',
      ['CONG_NGHIEP_ICT'],
    ),
    department('CBC', 'Cục Báo chí', 'Press Authority', ['BAO_CHI']),
    department(
      'CPTTH',
      'Cục Phát thanh, truyền hình và thông tin điện tử',
      'Authority of Broadcasting and Electronic Information',
      ['BAO_CHI'],
    ),
    department('CXB', 'Cục Xuất bản, In và Phát hành', 'Authority of Publication, Printing and Distribution', [
      'XUAT_BAN',
    ]),
    department('CTTDN', 'Cục Thông tin đối ngoại', 'Authority of Foreign Information Service', ['BAO_CHI']),
    department('CTTCS', 'Cục Thông tin cơ sở', 'Authority of Grassroots Information', ['BAO_CHI']),
  ],
};

export interface Enterprise {
  code: string;
  nameVi: string;
  nameEn: string;
  /** Brand the public knows it by. */
  shortName: string;
  type: 'enterprise';
  sectors: readonly SectorCode[];
}

function enterprise(
  code: string,
  shortName: string,
  nameVi: string,
  nameEn: string,
  sectors: readonly SectorCode[],
): Enterprise {
  return { code: `DN-${code}`, nameVi, nameEn, shortName, type: 'enterprise', sectors };
}

/** Enterprises that report their figures to the ministry. */
export const ENTERPRISES: readonly Enterprise[] = [
  enterprise('VIETTEL', 'Viettel', 'Tập đoàn Công nghiệp - Viễn thông Quân đội', 'Viettel Group', [
    'VIEN_THONG',
    'CONG_NGHIEP_ICT',
  ]),
  enterprise('VNPT', 'VNPT', 'Tập đoàn Bưu chính Viễn thông Việt Nam', 'Vietnam Posts and Telecommunications Group', [
    'VIEN_THONG',
    'CHINH_PHU_SO',
  ]),
  enterprise('MOBIFONE', 'MobiFone', 'Tổng công ty Viễn thông MobiFone', 'MobiFone Telecommunications Corporation', [
    'VIEN_THONG',
  ]),
  enterprise('VNPOST', 'Vietnam Post', 'Tổng công ty Bưu điện Việt Nam', 'Vietnam Post Corporation', ['BUU_CHINH']),
  enterprise('VTPOST', 'Viettel Post', 'Tổng Công ty Cổ phần Bưu chính Viettel', 'Viettel Post Joint Stock Corporation', [
    'BUU_CHINH',
  ]),
  enterprise('FPTTELECOM', 'FPT Telecom', 'Công ty Cổ phần Viễn thông FPT', 'FPT Telecom Joint Stock Company', [
    'VIEN_THONG',
  ]),
  enterprise('CMCTELECOM', 'CMC Telecom', 'Công ty Cổ phần Hạ tầng Viễn thông CMC', 'CMC Telecom Infrastructure Corporation', [
    'VIEN_THONG',
  ]),
  enterprise(
    'VNMOBILE',
    'Vietnamobile',
    'Công ty Cổ phần Viễn thông Di động Vietnamobile',
    'Vietnamobile Telecommunications Joint Stock Company',
    ['VIEN_THONG'],
  ),
  enterprise('VNG', 'VNG', 'Công ty Cổ phần VNG', 'VNG Corporation', ['KINH_TE_SO', 'CONG_NGHIEP_ICT']),
  enterprise('BKAV', 'Bkav', 'Công ty Cổ phần BKAV', 'Bkav Corporation', ['ATTT', 'CONG_NGHIEP_ICT']),
];

// ---------------------------------------------------------------------------------------------
// Hierarchy
// ---------------------------------------------------------------------------------------------

export interface OrgLevel {
  level: OrgLevelNumber;
  nameVi: string;
  nameEn: string;
}

/** Two roots: "VN" → provinces; "BTTTT" → departments and "DN" → enterprises. */
export const ORG_LEVELS: readonly OrgLevel[] = [
  { level: 1, nameVi: 'Quốc gia / Bộ', nameEn: 'Country / Ministry' },
  {
    level: 2,
    nameVi: 'Tỉnh, thành phố / Vụ, Cục, khối doanh nghiệp',
    nameEn: 'Province or city / Department, enterprise group',
  },
  { level: 3, nameVi: 'Doanh nghiệp', nameEn: 'Enterprise' },
];

export const COUNTRY_CODE = 'VN';
export const ENTERPRISE_GROUP_CODE = 'DN';
/** Prefix of the closed units that keep the 63 old provinces' history. */
export const OLD_PROVINCE_CODE_PREFIX = 'T63-';

export interface FormerName {
  nameVi: string;
  shortNameVi: string;
  nameEn: string;
  /** Last day the name was in use. */
  validUntil: IsoDate;
}

export interface Lineage {
  mergedInto: string;
  effectiveDate: IsoDate;
}

/** One node of the demo hierarchy, in the shape the seeding writes. */
export interface DemoOrgUnit {
  code: string;
  nameVi: string;
  shortNameVi: string;
  nameEn: string;
  type: OrgUnitType;
  level: OrgLevelNumber;
  parentCode: string | null;
  /** Null: open since before the period the demo covers. */
  openingDate: IsoDate | null;
  closedDate: IsoDate | null;
  lineage: Lineage | null;
  formerNames: readonly FormerName[];
  sectors: readonly SectorCode[];
  /** Statistical code of a province (old or new numbering, depending on the unit). */
  gsoCode: string | null;
  isCentrallyRunCity: boolean;
}

function buildUnit(fields: Partial<DemoOrgUnit> & Pick<DemoOrgUnit, 'code' | 'nameVi' | 'nameEn' | 'type' | 'level'>): DemoOrgUnit {
  return {
    shortNameVi: fields.nameVi,
    parentCode: null,
    openingDate: null,
    closedDate: null,
    lineage: null,
    formerNames: [],
    sectors: [],
    gsoCode: null,
    isCentrallyRunCity: false,
    ...fields,
  };
}

const oldProvinceByCode = new Map<string, OldProvince>(OLD_PROVINCES.map((p) => [p.gsoCode, p]));

function buildProvinceUnits(): DemoOrgUnit[] {
  const units: DemoOrgUnit[] = [];
  for (const p of NEW_PROVINCES) {
    const m = PROVINCE_MERGERS.find((x) => x.newCode === p.code);
    const isUnchanged = m !== undefined && m.from.length === 1 && m.from[0] === p.code;
    const old = oldProvinceByCode.get(p.code);
    const formerNames: FormerName[] =
      isUnchanged && old?.renamedTo
        ? [{ nameVi: old.nameVi, shortNameVi: old.shortNameVi, nameEn: old.nameEn, validUntil: dayBefore(old.renamedTo.effectiveDate) }]
        : [];
    units.push(
      buildUnit({
        code: p.code,
        nameVi: p.nameVi,
        shortNameVi: p.shortNameVi,
        nameEn: p.nameEn,
        type: 'province',
        level: 2,
        parentCode: COUNTRY_CODE,
        // An unchanged province is one unit throughout; a merged one is born on the merger date.
        openingDate: isUnchanged ? null : PROVINCE_MERGER_DATE,
        formerNames,
        gsoCode: p.code,
        isCentrallyRunCity: p.isCentrallyRunCity,
      }),
    );
  }
  for (const m of PROVINCE_MERGERS) {
    const isUnchanged = m.from.length === 1 && m.from[0] === m.newCode;
    if (isUnchanged) continue;
    for (const oldCode of m.from) {
      const old = oldProvinceByCode.get(oldCode);
      if (!old) throw new Error(`Unknown old province code ${oldCode}`);
      units.push(
        buildUnit({
          code: `${OLD_PROVINCE_CODE_PREFIX}${oldCode}`,
          nameVi: old.nameVi,
          shortNameVi: old.shortNameVi,
          nameEn: old.nameEn,
          type: 'province',
          level: 2,
          parentCode: COUNTRY_CODE,
          closedDate: OLD_PROVINCES_LAST_DAY,
          lineage: { mergedInto: m.newCode, effectiveDate: m.effectiveDate },
          gsoCode: oldCode,
          isCentrallyRunCity: old.isCentrallyRunCity,
        }),
      );
    }
  }
  return units;
}

function dayBefore(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Province units per the agreed model: 34 open (11 unchanged + 23 new) and 52 closed `T63-xx`. */
export const PROVINCE_UNITS: readonly DemoOrgUnit[] = buildProvinceUnits();

/** Every unit of the demo, parents before children. */
export const DEMO_ORG_UNITS: readonly DemoOrgUnit[] = [
  buildUnit({ code: COUNTRY_CODE, nameVi: 'Việt Nam', nameEn: 'Viet Nam', type: 'country', level: 1 }),
  ...PROVINCE_UNITS,
  buildUnit({
    code: MINISTRY.code,
    nameVi: MINISTRY.nameVi,
    shortNameVi: MINISTRY.shortNameVi,
    nameEn: MINISTRY.nameEn,
    type: 'ministry',
    level: 1,
  }),
  ...MINISTRY.units.map((u) =>
    buildUnit({ ...u, type: 'department', level: 2, parentCode: MINISTRY.code, sectors: u.sectors }),
  ),
  buildUnit({
    code: ENTERPRISE_GROUP_CODE,
    nameVi: 'Doanh nghiệp',
    nameEn: 'Enterprises',
    type: 'enterprise-group',
    level: 2,
    parentCode: MINISTRY.code,
  }),
  ...ENTERPRISES.map((e) =>
    buildUnit({
      code: e.code,
      nameVi: e.nameVi,
      shortNameVi: e.shortName,
      nameEn: e.nameEn,
      type: 'enterprise',
      level: 3,
      parentCode: ENTERPRISE_GROUP_CODE,
      sectors: e.sectors,
    }),
  ),
];
