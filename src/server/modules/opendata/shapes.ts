/**
 * The shape of the CSVW metadata document (W3C "Metadata Vocabulary for Tabular Data"), written into the repo from the
 * vocabulary's text: the tests parse every produced CSVW document with it. (SDMX-JSON and DCAT-AP are validated
 * against the standards' own schema and SHACL files instead: standards/.)
 */
import { z } from 'zod';

// ---- CSVW metadata
export const csvwMetadata = z
  .object({
    '@context': z.union([z.literal('http://www.w3.org/ns/csvw'), z.tuple([z.literal('http://www.w3.org/ns/csvw'), z.object({}).passthrough()])]),
    url: z.string().min(1),
    tableSchema: z
      .object({
        columns: z
          .array(z.object({ name: z.string().regex(/^[A-Za-z0-9_]+$/), titles: z.unknown().optional(), datatype: z.string().optional(), required: z.boolean().optional() }).passthrough())
          .min(1),
        primaryKey: z.union([z.string(), z.array(z.string())]).optional(),
      })
      .passthrough(),
  })
  .passthrough();
