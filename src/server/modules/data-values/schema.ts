import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const writeValueBody = z.strictObject({
  dataElement: z.string().min(1),
  period: z.string().min(1),
  orgUnit: z.string().min(1),
  option: z.string().min(1).nullable().optional(),
  value: scalar,
  comment: z.string().max(2000).nullable().optional(),
});

export const listValuesQuery = z.strictObject({
  orgUnit: z.string().min(1),
  /** One or more periods separated by ';' or ','. */
  period: z.string().min(1).optional(),
  /** One or more data element codes separated by ';' or ','. */
  dataElement: z.string().min(1).optional(),
  /** Include the values of the whole subtree under orgUnit. */
  children: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
  lang: z.enum(['vi', 'en']).optional(),
});

export const historyQuery = z.strictObject({
  orgUnit: z.string().min(1),
  period: z.string().min(1).optional(),
  dataElement: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
  lang: z.enum(['vi', 'en']).optional(),
});

const flag = z.enum(['true', 'false']).optional();

// Not strict: clients written for DHIS2 send parameters this server does not need.
export const dataValueSetQuery = z.object({
  idScheme: z.enum(['code', 'id', 'CODE', 'ID']).optional(),
  dryRun: flag,
  atomic: flag,
  importStrategy: z.enum(['CREATE_AND_UPDATE', 'DELETE']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
export type DataValueSetQuery = z.infer<typeof dataValueSetQuery>;
