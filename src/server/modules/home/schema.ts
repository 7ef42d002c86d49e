import { z } from 'zod';

export const homeQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional() });

/** What changed since the caller's previous sign-in. */
export const homeChangesSchema = z.strictObject({
  since: z.string(),
  isFirstVisit: z.boolean(),
  items: z.array(
    z.strictObject({
      kind: z.enum(['SUBMITTED', 'APPROVED', 'RETURNED', 'ALERT']),
      at: z.string(),
      by: z.string().nullable(),
      orgUnit: z.strictObject({ code: z.string(), nameVi: z.string() }),
      regime: z.strictObject({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable() }).nullable(),
      period: z.strictObject({ id: z.string(), labelVi: z.string(), labelEn: z.string() }),
      reason: z.string().nullable(),
      alert: z.strictObject({ id: z.number(), severity: z.string(), title: z.string(), state: z.string() }).nullable(),
    }),
  ),
});
