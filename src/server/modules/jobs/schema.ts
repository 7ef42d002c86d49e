import { z } from 'zod';

/** A background job as its reader sees it: the error in the reader's language, both languages kept. */
export const jobSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['QUEUED', 'RUNNING', 'DONE', 'FAILED']),
  progress: z.number(),
  message: z.string().nullable(),
  /** What the job answered (its kind decides the shape: an import summary, a file's id…). */
  result: z.unknown(),
  error: z
    .strictObject({
      code: z.string(),
      status: z.number(),
      message: z.string(),
      messageVi: z.string(),
      messageEn: z.string(),
      // A detail names its place (path, and for files row and column); the extra keys are kept as they are.
      details: z.array(z.looseObject({ path: z.string(), message: z.string(), messageVi: z.string(), messageEn: z.string() })),
    })
    .nullable(),
  /** Starts so far, and allowed: a transient failure is tried again after a pause. */
  attempts: z.number(),
  maxAttempts: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const jobParams = z.strictObject({ id: z.uuid() });
export const listJobsQuery = z.strictObject({ mine: z.literal('true'), lang: z.enum(['vi', 'en']).optional() });
