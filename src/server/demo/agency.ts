// Reference data for the demo agency: the Ministry of Information and Communications (2022–2023),
// its sectors, departments and reporting enterprises, laid over Vietnam's provinces (src/core/provinces.ts).
// Data only: the demo seeding (org-units.ts) turns it into rows.

import { NEW_PROVINCES, OLD_PROVINCES, OLD_PROVINCES_LAST_DAY, PROVINCE_MERGER_DATE, PROVINCE_MERGERS, type IsoDate, type OldProvince } from '../../core/provinces.ts';

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
    department('CCDS', 'Cục Chuyển đổi số quốc gia', 'National Digital Transformation Agency', ['CHINH_PHU_SO', 'KINH_TE_SO']),
    department('CCNICT', 'Cục Công nghiệp công nghệ thông tin và truyền thông', 'Authority of Information and Communication Technology Industry', ['CONG_NGHIEP_ICT']),
    department('CBC', 'Cục Báo chí', 'Press Authority', ['BAO_CHI']),
    department('CPTTH', 'Cục Phát thanh, truyền hình và thông tin điện tử', 'Authority of Broadcasting and Electronic Information', ['BAO_CHI']),
    department('CXB', 'Cục Xuất bản, In và Phát hành', 'Authority of Publication, Printing and Distribution', ['XUAT_BAN']),
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

function enterprise(code: string, shortName: string, nameVi: string, nameEn: string, sectors: readonly SectorCode[]): Enterprise {
  return { code: `DN-${code}`, nameVi, nameEn, shortName, type: 'enterprise', sectors };
}

/** Enterprises that report their figures to the ministry. */
export const ENTERPRISES: readonly Enterprise[] = [
  enterprise('VIETTEL', 'Viettel', 'Tập đoàn Công nghiệp - Viễn thông Quân đội', 'Viettel Group', ['VIEN_THONG', 'CONG_NGHIEP_ICT']),
  enterprise('VNPT', 'VNPT', 'Tập đoàn Bưu chính Viễn thông Việt Nam', 'Vietnam Posts and Telecommunications Group', ['VIEN_THONG', 'CHINH_PHU_SO']),
  enterprise('MOBIFONE', 'MobiFone', 'Tổng công ty Viễn thông MobiFone', 'MobiFone Telecommunications Corporation', ['VIEN_THONG']),
  enterprise('VNPOST', 'Vietnam Post', 'Tổng công ty Bưu điện Việt Nam', 'Vietnam Post Corporation', ['BUU_CHINH']),
  enterprise('VTPOST', 'Viettel Post', 'Tổng Công ty Cổ phần Bưu chính Viettel', 'Viettel Post Joint Stock Corporation', ['BUU_CHINH']),
  enterprise('FPTTELECOM', 'FPT Telecom', 'Công ty Cổ phần Viễn thông FPT', 'FPT Telecom Joint Stock Company', ['VIEN_THONG']),
  enterprise('CMCTELECOM', 'CMC Telecom', 'Công ty Cổ phần Hạ tầng Viễn thông CMC', 'CMC Telecom Infrastructure Corporation', ['VIEN_THONG']),
  enterprise('VNMOBILE', 'Vietnamobile', 'Công ty Cổ phần Viễn thông Di động Vietnamobile', 'Vietnamobile Telecommunications Joint Stock Company', ['VIEN_THONG']),
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
      isUnchanged && old?.renamedTo ? [{ nameVi: old.nameVi, shortNameVi: old.shortNameVi, nameEn: old.nameEn, validUntil: dayBefore(old.renamedTo.effectiveDate) }] : [];
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
  ...MINISTRY.units.map((u) => buildUnit({ ...u, type: 'department', level: 2, parentCode: MINISTRY.code, sectors: u.sectors })),
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
