import { z } from 'zod';

export const regimeCodeParams = z.strictObject({ code: z.string().min(1) });

export const templateQuery = z.strictObject({
  period: z.string().min(1).max(20),
  /** One org unit code, or several separated by commas (one column per unit). */
  orgUnit: z.string().min(1).max(20000),
  lang: z.enum(['vi', 'en']).optional(),
});

const flag = z.enum(['true', 'false']);

export const uploadQuery = z.strictObject({
  /** Check everything, write nothing. */
  dryRun: flag.optional(),
  /** false: write the good cells and list the wrong ones (default: all or nothing). */
  atomic: flag.optional(),
  /** true: answer 202 with a job id at once and do the work in the background (GET /api/jobs/:id). */
  async: flag.optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export const uploadResponse = z.strictObject({
  regime: z.string(),
  period: z.string(),
  sheets: z.array(z.string()),
  cells: z.number().int(),
  summary: z.strictObject({
    status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
    imported: z.number().int(),
    updated: z.number().int(),
    ignored: z.number().int(),
    deleted: z.number().int(),
    conflictCount: z.number().int(),
    total: z.number().int(),
    dryRun: z.boolean(),
    atomic: z.boolean(),
  }),
  errors: z.array(z.strictObject({ path: z.string(), code: z.string(), message: z.string() })),
});

export const uploadJobResponse = z.strictObject({ jobId: z.string() });
