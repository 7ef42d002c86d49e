// Types of the analytics API (src/server/modules/analytics).
// The shapes are the server's response schemas (type-only imports, erased at build).
import type { Wire } from '../../core/contract.ts';
import type { DataStatus, analyticsGridSchema, coverageSchema, explainValueSchema, explanationSchema, missingSlotSchema } from '../../server/modules/analytics/schema.ts';

export type { DataStatus };

/** DHIS2's analytics grid (headers, metaData, rows): the web never asks skipMeta, so metaData is always there. */
export type AnalyticsResponse = Wire<typeof analyticsGridSchema>;
/** How one cell was computed (/api/analytics/explain). */
export type Explanation = Wire<typeof explanationSchema>;
/** A stored value behind a cell. */
export type ExplainValue = Wire<typeof explainValueSchema>;
/** How much of a figure is in. */
export type Coverage = Wire<typeof coverageSchema>;
/** An expected report of a cell that holds no counted value. */
export type MissingSlot = Wire<typeof missingSlotSchema>;
