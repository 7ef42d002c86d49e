import type ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { analyticsAnswerSchema } from './schema.ts';

/** The grid, its metaData left out when skipMeta=true (the names are then the ids). */
type AnalyticsResponse = z.output<typeof analyticsAnswerSchema>;

/**
 * Rows with the dimension ids followed by their names, then the value and its coverage (reports in,
 * reports expected, share): readable in a spreadsheet as is. An empty coverage cell means no regime expects it.
 */
function tableOf(response: AnalyticsResponse): { header: string[]; rows: (string | number | null)[][] } {
  const dims = response.headers.filter((h) => h.meta);
  const measures = response.headers.filter((h) => !h.meta);
  const header = [...dims.flatMap((h) => [h.name, `${h.name}name`]), ...measures.map((h) => h.name)];
  const rows = response.rows.map((row) => [
    ...dims.flatMap((_, i) => [row[i], response.metaData?.items[row[i]]?.name ?? row[i]]),
    ...measures.map((_, j) => {
      const cell = row[dims.length + j];
      return cell === '' || cell === undefined ? null : Number(cell);
    }),
  ]);
  return { header, rows };
}

export function toCsv(response: AnalyticsResponse): string {
  const { header, rows } = tableOf(response);
  // A BOM lets Excel open Vietnamese text as UTF-8.
  return `\uFEFF${stringify([header, ...rows])}`;
}

export async function toXlsx(response: AnalyticsResponse): Promise<Buffer> {
  const { header, rows } = tableOf(response);
  const workbook: ExcelJS.Workbook = new (await import('exceljs')).default.Workbook();
  const sheet = workbook.addWorksheet('analytics');
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
