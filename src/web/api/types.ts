// Response and request shapes of the API used by the web client. Where the server declares a shape
// (zod schemas, row types of repos and services) it is imported from there — type-only imports,
// erased at build time — so both sides stay in step; the rest are written here.
import type { Permission, Role } from '../../server/access.ts';
import type { TargetStatus } from '../../core/forecast.ts';
import type { Coverage, MissingReport } from '../../server/modules/analytics/service.ts';
import type { DataStatus } from '../../server/modules/analytics/schema.ts';

export type { Permission, Role, TargetStatus, Coverage, MissingReport, DataStatus };

export const ROLES: readonly Role[] = ['ADMIN', 'LEADER', 'UNIT_MANAGER', 'REPORTING_OFFICER', 'COUNCIL_MEMBER'];

export interface Page<T> {
  total: number;
  items: T[];
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

// ---- Home: my reports and changes since the last visit ----
