import { z } from 'zod';

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
