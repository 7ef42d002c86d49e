import { z } from 'zod';
import { coverageSchema } from '../targets/schema.ts';
import { taskSchema } from '../tasks/schema.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng YYYY-MM-DD | A date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Ngày không tồn tại | No such date');

export const createBriefingBody = z.strictObject({
  /** The month, e.g. 202311; with basedOn, default: the month after the base's. */
  month: z
    .string()
    .regex(/^\d{6}$/, 'Tháng dạng YYYYMM | A month as YYYYMM')
    .optional(),
  /** The issuing unit (code or id:N); with basedOn, default: the base's. */
  orgUnit: z.string().min(1).optional(),
  figureOrgUnit: z.string().min(1).optional(),
  place: z.string().trim().min(1).max(100).optional(),
  /** A finalised briefing whose amended texts are carried over where their section still applies. */
  basedOn: z.number().int().positive().optional(),
});
export type CreateBriefingInput = z.infer<typeof createBriefingBody>;

export const briefingParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const briefingFormat = z.object({ format: z.enum(['json', 'docx', 'pdf']).default('json') });
export const listBriefingsQuery = z.object({
  orgUnit: z.string().min(1).optional(),
  state: z.enum(['DRAFT', 'FINAL']).optional(),
});

export const editSectionBody = z.strictObject({
  /** The part amended: a section key (changes, tasks, reporting, next, indicators) or a sector's "indicators:<name>". */
  key: z.string().min(1).max(300),
  /** The paragraphs as the editor wrote them; null gives back the generated text. */
  paragraphs: z.array(z.string().trim().min(1, 'Đoạn văn rỗng | An empty paragraph').max(4000)).min(1).max(200).nullable(),
  /** The version read: a draft changed since by somebody else is not overwritten. */
  version: z.number().int().positive(),
});
export type EditSectionInput = z.infer<typeof editSectionBody>;

export const conclusionItem = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  /** The unit that leads its work (code or id:N). */
  leadOrgUnit: z.string().min(1),
  dueDate: day,
  responsible: z.string().trim().max(300).nullable().optional(),
});
export const conclusionsBody = z.strictObject({
  items: z.array(conclusionItem).max(100),
  version: z.number().int().positive(),
});
export type ConclusionsInput = z.infer<typeof conclusionsBody>;

export const finaliseBody = z.strictObject({
  version: z.number().int().positive(),
  /** The name under the signature. */
  signerName: z.string().trim().min(1).max(200).optional(),
});

export const conclusionTasksBody = z.strictObject({
  /** The leader who gave the conclusions, as named on the tasks. */
  assignerName: z.string().trim().min(1).max(300),
});

export const outgoingQuery = z.object({
  orgUnit: z.string().min(1),
  year: z.coerce.number().int().min(1945).max(9999),
});

// ---------------------------------------------------------------------------------------------
// Answers

/** A number in a sentence, with the analytics cell it came from (the web links it to explain). */
export const figureRefSchema = z.strictObject({
  indicator: z.string(),
  orgUnit: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  coverage: coverageSchema.nullable(),
  explainUrl: z.string(),
  /** The number as written in the sentence (the web links it); null when the sentence does not quote it. */
  shown: z.string().nullable(),
});

export const briefingParagraphSchema = z.strictObject({ text: z.string(), figures: z.array(figureRefSchema) });

/** A part editors amend as a whole: a section's own paragraphs, or a subsection's (keys stay across months). */
export const briefingPartSchema = z.strictObject({
  /** Set on every part of a monthly briefing (other documents rendered in this shape need none). */
  key: z.string().optional(),
  heading: z.string(),
  paragraphs: z.array(briefingParagraphSchema),
  /** Its text was written by an editor over the generated one. */
  edited: z.boolean().optional(),
  /** The amended text was carried over from this finalised briefing (its figures may need checking). */
  carriedFrom: z.string().optional(),
});

export const briefingSectionSchema = briefingPartSchema.extend({ subsections: z.array(briefingPartSchema).optional() });

/** A document in the format of Decree 30/2020: the monthly briefing, and others rendered in its shape. */
export const briefingModelSchema = z.strictObject({
  month: z.string(),
  monthLabel: z.string(),
  /** The body above the issuer (cơ quan chủ quản), when the issuer has a parent. */
  parentName: z.string().nullable(),
  issuerName: z.string(),
  issuerCode: z.string(),
  /** "Số: …/BC-BTTTT": the number is given when the report is registered. */
  numberLine: z.string(),
  place: z.string(),
  /** The Vietnamese day the report was drawn up. */
  date: z.string(),
  dateLine: z.string(),
  title: z.string(),
  subject: z.string(),
  figureOrgUnit: z.strictObject({ code: z.string(), nameVi: z.string() }),
  dataStatus: z.literal('SUBMITTED'),
  sections: z.array(briefingSectionSchema),
  recipients: z.array(z.string()),
  signer: z.strictObject({ role: z.string(), name: z.string().nullable() }),
  /** Every figure quoted, for checking against analytics. */
  figures: z.array(figureRefSchema),
});

const briefingState = z.enum(['DRAFT', 'FINAL']);

/** A stored briefing: its state, number once finalised, conclusions (with the task each became) and document. */
export const briefingReportSchema = z.strictObject({
  id: z.number(),
  state: briefingState,
  month: z.string(),
  orgUnit: z.strictObject({ code: z.string(), nameVi: z.string() }),
  place: z.string(),
  symbol: z.string().nullable(),
  issuedOn: z.string().nullable(),
  basedOnId: z.number().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finalisedAt: z.string().nullable(),
  conclusions: z.array(
    z.strictObject({
      text: z.string(),
      leadOrgUnit: z.strictObject({ id: z.number(), code: z.string(), nameVi: z.string() }),
      dueDate: z.string(),
      responsible: z.string().nullable(),
      taskId: z.number().nullable(),
    }),
  ),
  document: briefingModelSchema,
  can: z.strictObject({ edit: z.boolean(), finalise: z.boolean(), createTasks: z.boolean() }),
});

export const briefingListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number(),
      orgUnit: z.strictObject({ code: z.string(), nameVi: z.string() }),
      month: z.string(),
      state: briefingState,
      symbol: z.string().nullable(),
      issuedOn: z.string().nullable(),
      version: z.number(),
      updatedAt: z.string(),
      basedOnId: z.number().nullable(),
    }),
  ),
});

/** The tasks the conclusions of a finalised briefing became, in the order of the conclusions. */
export const conclusionTasksSchema = z.strictObject({ items: z.array(taskSchema) });

export const outgoingDocumentsSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number(),
      number: z.number(),
      symbol: z.string(),
      kind: z.string(),
      subject: z.string(),
      issuedOn: z.string(),
      briefingId: z.number().nullable(),
      registeredAt: z.string(),
    }),
  ),
});
