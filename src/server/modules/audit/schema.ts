import { z } from 'zod';
import { pageOf, timestamp } from '../../../core/contract.ts';

export const auditQuery = z.strictObject({
  userId: z.coerce.number().int().optional(),
  username: z.string().optional(),
  objectType: z.string().optional(),
  objectId: z.string().optional(),
  action: z.string().optional(),
  from: z.string().datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.string().datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

export const auditIdParams = z.strictObject({ id: z.coerce.number().int().min(1) });

export const auditChangesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

/** One entry of the audit trail: who, when, from where, what, before and after. */
export const auditEntrySchema = z.strictObject({
  id: z.number(),
  at: timestamp,
  actorKind: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  tokenId: z.number().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  orgUnitId: z.number().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

/** A data value change one audited request wrote (its value history row). */
export const auditedChangeSchema = z.strictObject({
  id: z.number(),
  dataElement: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  option: z.string().nullable(),
  changeType: z.enum(['CREATE', 'UPDATE', 'DELETE']),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  /** The value's comment before and after (both null on changes recorded before comments were kept). */
  oldComment: z.string().nullable(),
  newComment: z.string().nullable(),
  source: z.string(),
  changedAt: timestamp,
});

export const auditPage = pageOf(auditEntrySchema);
export const auditedChangesPage = pageOf(auditedChangeSchema);
