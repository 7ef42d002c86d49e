import { z } from 'zod';

export const dataQualityQuery = z.strictObject({
  regime: z.string().min(1),
  orgUnit: z.string().min(1),
  /** One period, or several in `periods` separated by commas. */
  period: z.string().min(1).optional(),
  periods: z.string().min(1).optional(),
  /** Also score each child unit's subtree. */
  byChild: z.enum(['true', 'false']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type DataQualityQuery = z.infer<typeof dataQualityQuery>;

const score = z.number().nullable();

export const qualitySchema = z.strictObject({
  correct: z.strictObject({ score, evaluated: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
  complete: z.strictObject({ score, expected: z.number().int(), received: z.number().int(), missing: z.number().int() }),
  clean: z.strictObject({ score, values: z.number().int(), outliers: z.number().int(), duplicates: z.number().int(), clean: z.number().int() }),
  live: z.strictObject({
    score,
    expected: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    latestValueAt: z.string().nullable(),
    latestValueAgeDays: z.number().int().nullable(),
  }),
});

export const dataQualityResponse = z.strictObject({
  regime: z.string(),
  orgUnit: z.strictObject({ code: z.string(), name: z.string() }),
  periods: z.array(z.string()),
  quality: qualitySchema,
  children: z.array(z.strictObject({ orgUnit: z.strictObject({ code: z.string(), name: z.string() }), quality: qualitySchema })).optional(),
});
