import { z } from 'zod';

export const outliersQuery = z.strictObject({
  regime: z.string().min(1),
  orgUnit: z.string().min(1),
  /** One period, or several in `periods` separated by commas. */
  period: z.string().min(1).optional(),
  periods: z.string().min(1).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type OutliersQuery = z.infer<typeof outliersQuery>;

export const outlierItemSchema = z.strictObject({
  dataElement: z.strictObject({ code: z.string(), name: z.string() }),
  option: z.strictObject({ code: z.string(), name: z.string() }).nullable(),
  orgUnit: z.strictObject({ code: z.string(), name: z.string() }),
  period: z.string(),
  value: z.number(),
  reasons: z.array(z.strictObject({ code: z.string(), message: z.string() })),
  basis: z.enum(['OVERALL', 'SEASONAL', 'NONE']),
  expectedLow: z.number().nullable(),
  expectedHigh: z.number().nullable(),
  median: z.number().nullable(),
  score: z.number().nullable(),
  historyCount: z.number().int(),
});

export const outliersResponse = z.strictObject({
  regime: z.string(),
  orgUnit: z.string(),
  periods: z.array(z.string()),
  checked: z.number().int(),
  flagged: z.number().int(),
  items: z.array(outlierItemSchema),
});
