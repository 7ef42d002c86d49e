// Response and request shapes of the API used by the web client. Where the server declares a shape
// (zod schemas, row types of repos and services) it is imported from there — type-only imports,
// erased at build time — so both sides stay in step; the rest are written here.
import type { userSchema } from '../../server/modules/users/schema.ts';
import type { Wire } from '../../core/contract.ts';
import type { Permission, Role } from '../../server/access.ts';
import type { OrgUnitRow as OrgUnit } from '../../server/modules/org-units/repo.ts';
import type { TargetStatus } from '../../core/forecast.ts';
import type { Coverage, MissingReport } from '../../server/modules/analytics/service.ts';
import type { DataStatus } from '../../server/modules/analytics/schema.ts';

export type { Permission, Role, OrgUnit, TargetStatus, Coverage, MissingReport, DataStatus };

export const ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'];


export interface MeScope {
  id?: number;
  role: Role;
  orgUnitId: number | null;
  orgUnitCode?: string | null;
  orgUnitName?: string | null;
}

export interface Me {
  kind: 'user' | 'token';
  user: Omit<Wire<typeof userSchema>, 'roles'> | null;
  scopes: MeScope[];
  permissions: Permission[];
  csrfToken: string | null;
}

export interface LineageEdge {
  kind: 'MERGE' | 'SPLIT' | 'RENAME';
  effectiveDate: string;
  note: string | null;
  unit: { id: number; code: string; nameVi: string };
}

export interface OrgUnitGroup {
  id: number;
  code: string;
  kind: 'GROUP' | 'SECTOR';
  nameVi: string;
  nameEn: string | null;
  memberCount?: number;
}

export interface OrgUnitDetail extends OrgUnit {
  parent: { id: number; code: string; nameVi: string } | null;
  childrenCount: number;
  groups: OrgUnitGroup[];
  ancestors: { id: number; code: string; nameVi: string; level: number }[];
  lineage: { predecessors: LineageEdge[]; successors: LineageEdge[] };
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface PeriodView {
  id: string;
  type: string;
  startDate: string;
  endDate: string;
  labelVi: string;
  labelEn: string;
  window: { startDate: string; endDate: string } | null;
  dueDate: string | null;
  lockDate: string | null;
  isCurrent?: boolean;
  isLocked?: boolean;
}

export interface RegimeElement {
  code: string;
  nameVi: string;
  nameEn: string | null;
  valueType: string;
  unit: string | null;
  isCompulsory: boolean;
  options?: { code: string; nameVi: string; nameEn: string | null }[] | null;
  /** Hard bounds and rules of the value (checked in the browser before sending, and again by the server). */
  minValue?: number | null;
  maxValue?: number | null;
  zeroIsSignificant?: boolean;
  maxLength?: number | null;
}

export interface RegimeSection {
  code: string;
  nameVi: string;
  nameEn: string | null;
  elements: RegimeElement[];
}

export interface Regime {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  content: string | null;
  legalBasis: string | null;
  periodType: string;
  cutoffRule: string;
  deadlineDays: number;
  openFuturePeriods: number;
  lockAfterDays: number | null;
  isActive: boolean;
  receivingOrgUnit: { id: number; code: string | null; nameVi: string | null } | null;
  sections: RegimeSection[];
  assignments?: { orgUnit: string | null; level: number | null; group: string | null }[];
}

export interface ReportStatusView {
  status: 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED' | string;
  submittedAt: string | null;
  submittedBy?: string | null;
  isLate: boolean | null;
  approvedAt: string | null;
  returnedReason: string | null;
  reopenedReason: string | null;
}

export interface FormView {
  regime: { code: string; nameVi: string; nameEn: string | null; periodType: string };
  orgUnit: { id: number; code: string; nameVi: string };
  period: PeriodView;
  status: ReportStatusView;
  editable: boolean;
  notEditableReason: { code: string; messageVi: string; messageEn: string } | null;
  sections: RegimeSection[];
  values: Record<string, string | number | null>;
  comments: Record<string, string>;
  /** The figures as last submitted, and what changed since the submission before (or since, while back in draft). */
  review: FormReview | null;
}

export interface FigureChange {
  field: string;
  before: number | string | null;
  after: number | string | null;
}

export interface FormReview {
  submittedAt: string;
  submittedBy: string | null;
  isLate: boolean | null;
  comment: string | null;
  figures: Record<string, number | string | null>;
  changesSincePrevious: FigureChange[] | null;
  changesSinceSubmitted: FigureChange[];
}

export interface SaveFormResult {
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  errors: { field: string; code: string; message: string }[];
}

/** A target as the API answers it: its row and its evaluation (submitted and approved figures only). */

export interface AnalyticsResponse {
  headers: { name: string; column: string }[];
  metaData: {
    dataStatus?: DataStatus;
    items: Record<string, { name: string; code?: string }>;
    dimensions: Record<string, string[]>;
    lineage: unknown[];
  };
  rows: string[][];
  height: number;
  width: number;
}

export interface ExplainValue {
  orgUnit: string;
  orgUnitName: string;
  period: string;
  option: string | null;
  value: number | string;
  storedBy: string | null;
  updatedAt: string;
  source: string;
  dataStatus?: 'ACCEPTED' | 'SUBMITTED' | 'APPROVED';
}

export interface Explanation {
  dx: string;
  dxName: string;
  pe: string;
  ou: string;
  ouName: string;
  value: number | null;
  formula: string | null;
  arithmetic: string | null;
  nullReason: string | null;
  references: { reference: string; aggregationType: string; value: number | null; values: ExplainValue[] }[];
  dataStatus: DataStatus;
  coverage: { expected: number; reported: number; share: number } | null;
  missing: { orgUnit: string; orgUnitName: string; period: string; periodName: string; dataElements: string[] }[];
}

export interface CompletenessCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  /** Not received, due date passed. */
  overdue: number;
  /** Not received, still within the deadline. */
  pending: number;
  completenessRate: number | null;
  timelinessRate: number | null;
}

export interface CompletenessHeatmap {
  regime: string;
  parent: { id: number; code: string; nameVi: string } | null;
  periods: { period: string; totals: CompletenessCounts; children: ({ orgUnit: { id: number; code: string; nameVi: string } } & CompletenessCounts)[] }[];
  units: { id: number; code: string; nameVi: string; cells: Record<string, { status: string; isLate: boolean | null }> }[];
}

export interface CompletenessSingle {
  regime: string;
  period: string;
  totals: CompletenessCounts;
  dueDate?: string;
  units: { id: number; code: string; nameVi: string; status: string; isLate: boolean | null; isOverdue?: boolean; submittedAt: string | null }[];
}

// ---- Home: my reports and changes since the last visit ----

export interface MyReport {
  kind: 'DUE' | 'LATE' | 'RETURNED' | 'TO_APPROVE';
  regime: { code: string; nameVi: string; nameEn: string | null };
  period: { id: string; labelVi: string; labelEn: string; dueDate: string; lockDate: string | null };
  orgUnit: { code: string; nameVi: string };
  status: string;
  isLate: boolean | null;
  submittedAt: string | null;
  returnedReason: string | null;
}

export interface MyReports {
  today: string;
  totals: Record<MyReport['kind'], number>;
  items: MyReport[];
}

