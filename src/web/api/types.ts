// Response and request shapes of the API used by the web client. Where the server declares a shape
// (zod schemas, row types of repos and services) it is imported from there — type-only imports,
// erased at build time — so both sides stay in step; the rest are written here.
import type { z } from 'zod';
import type { createUserBody, updateUserBody, userSchema } from '../../server/modules/users/schema.ts';
import type { Permission, Role } from '../../server/access.ts';
import type { OrgUnitRow as OrgUnit } from '../../server/modules/org-units/repo.ts';
import type { TargetStatus } from '../../core/forecast.ts';

export type { Permission, Role, OrgUnit, TargetStatus };
export type { TokenView as ApiToken } from '../../server/modules/api-tokens/service.ts';

export const ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'];

export type User = z.infer<typeof userSchema>;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;

export interface MeScope {
  id?: number;
  role: Role;
  orgUnitId: number | null;
  orgUnitCode?: string | null;
  orgUnitName?: string | null;
}

export interface Me {
  kind: 'user' | 'token';
  user: Omit<User, 'roles'> | null;
  scopes: MeScope[];
  permissions: Permission[];
  csrfToken: string | null;
}

export interface Health {
  status: string;
  /**
   * Present only on a demo installation: the account the sign-in page may point to, and whether it
   * still has the login documented in the README. No answer carries a password.
   */
  demo?: { username: string; documentedLogin: boolean } | null;
}

export interface AuditEntry {
  id: number;
  at?: string;
  createdAt?: string;
  actorKind?: string;
  username: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  orgUnitId?: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId?: string | null;
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
}

export interface SaveFormResult {
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  errors: { field: string; code: string; message: string }[];
}

export interface Target {
  id: number;
  indicatorCode: string;
  indicatorNameVi: string;
  indicatorNameEn: string | null;
  indicatorUnit: string | null;
  indicatorDecimals: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  orgUnitId: number;
  orgUnitCode: string;
  orgUnitName: string;
  targetPeriod: string;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number;
  milestones: { period: string; value: number }[];
  sourceDocument: string | null;
  ownerOrgUnitName: string | null;
  latest: { period: string; value: number } | null;
  progress: number | null;
  status: TargetStatus;
  forecast: { method: string; period: string; horizon: number; value: number; lower: number | null; upper: number | null; level: number } | null;
  series: { period: string; value: number }[];
  nextMilestone: { period: string; value: number } | null;
}

export interface Indicator {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  description: string | null;
  sectorCode: string | null;
  unit: string | null;
  decimals: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  numerator: string;
  denominator: string;
  factor: number;
}

export interface AnalyticsResponse {
  headers: { name: string; column: string }[];
  metaData: {
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
}

export type AlertState = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface Alert {
  id: number;
  ruleCode: string;
  type: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL' | string;
  orgUnitCode: string;
  orgUnitName: string;
  period: string;
  title: string;
  value: number | null;
  evidenceUrl: string | null;
  state: AlertState;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  note: string | null;
}

export interface CompletenessCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
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
  units: { id: number; code: string; nameVi: string; status: string; isLate: boolean | null; submittedAt: string | null }[];
}
