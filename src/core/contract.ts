/**
 * Pieces shared by the response schemas of every module (zod). A route declares its response schema; the
 * OpenAPI document and the web client's types come from it: the web names a shape `Wire<typeof schema>`,
 * the JSON the schema's output becomes on the wire. Schema files import only zod, core and this file, so the
 * web imports their types (`import type`, erased at build) without pulling server code.
 *
 * Response objects are `z.strictObject`: a field the service returns that the schema does not name fails the
 * answer (and the route's tests) instead of vanishing from it; `src/server/route-contract.test.ts` checks it.
 */
import { z } from 'zod';

/** A moment: the database gives a `Date`, some services an ISO string; on the wire it is the ISO string. */
export const timestamp = z.union([z.date(), z.string()]);

/** A page of items with the total count. */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ total: z.number(), items: z.array(item) });

/** 204 No Content. */
export const noContent = z.null();

/**
 * A refusal as `sendError` (src/server/http/errors.ts) answers it: the error, and DHIS2's WebMessage fields when it
 * has a DHIS2 code. Declared only where a status is both an answer and a refusal (DHIS2's 409 of an import).
 */
export const errorAnswer = z.strictObject({
  httpStatus: z.string().optional(),
  httpStatusCode: z.number().optional(),
  status: z.literal('ERROR').optional(),
  message: z.string().optional(),
  errorCode: z.string().optional(),
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    // A detail names its place; the extra keys (limit, row, column, errorCode…) are kept as they are.
    details: z.array(z.looseObject({ path: z.string(), message: z.string() })),
    requestId: z.string(),
  }),
});

/** What JSON makes of a value: a `Date` becomes its ISO string. */
export type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** The shape a route answers with, as the web receives it. */
export type Wire<S extends z.ZodType> = Json<z.output<S>>;

const fileBytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' });
/** A file answered as its bytes, in one of these media types: described for the OpenAPI document, never serialised. */
export const fileOf = (...types: string[]) => ({ content: Object.fromEntries(types.map((type) => [type, { schema: fileBytes }])) });
/** An answer in JSON (described by its schema) or as a file in one of these media types, by what the caller asks for. */
export const jsonOrFileOf = (schema: z.ZodType, ...types: string[]) => ({ content: { 'application/json': { schema }, ...fileOf(...types).content } });
