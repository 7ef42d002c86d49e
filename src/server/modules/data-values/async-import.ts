// DHIS2's `async=true`: the import is queued on the product's job runner and answered at once with the
// job; the client then reads /api/system/tasks/DATAVALUE_IMPORT/{id} (notifications, newest first) and
// /api/system/taskSummaries/DATAVALUE_IMPORT/{id} (the ImportSummary), as DHIS2 clients do.
import type { ServiceContext } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { JobKind } from '../jobs/runner.ts';
import { getJob, startJob } from '../jobs/service.ts';
import { assertPermissionAnywhere } from '../../access.ts';
import { importDataValueSet, type BodyFormat } from './service.ts';
import type { Dhis2ImportOptions } from './dhis2.ts';
import type { z } from 'zod';
import type { importSummarySchema, importWebMessageSchema, jobWebMessageSchema, taskNotificationsSchema } from './schema.ts';

export const DHIS2_IMPORT_JOB_TYPE = 'DATAVALUE_IMPORT';
/** The body of an async import is stored with its job: kept far below IMPORT_MAX_BYTES. */
export const ASYNC_IMPORT_MAX_BYTES = 64 * 1024 * 1024;

interface Payload {
  format: BodyFormat;
  options: Dhis2ImportOptions;
}

export const dataValueImportJob: JobKind<Payload> = {
  kind: 'datavalue-import',
  concurrency: 2,
  maxAttempts: 3,
  backoff: { baseMs: 5_000, maxMs: 60_000 },
  // One transaction per run (a retry after a crash finds the values it wrote unchanged: counted ignored).
  run: async (ctx, job) => {
    if (!job.input) throw new Error('datavalue-import job without its body');
    const text = job.input.toString('utf8');
    const res = await importDataValueSet(ctx, {
      format: job.payload.format,
      body: (async function* () {
        yield text;
      })(),
      options: job.payload.options,
    });
    return res.body;
  },
};

export async function startAsyncImport(ctx: ServiceContext, format: BodyFormat, options: Dhis2ImportOptions, body: Buffer): Promise<z.output<typeof jobWebMessageSchema>> {
  assertPermissionAnywhere(ctx.actor, 'data.write');
  const { id } = await startJob(ctx, dataValueImportJob, { payload: { format, options }, input: body });
  const created = ctx.clock().toISOString();
  return {
    httpStatus: 'OK',
    httpStatusCode: 200,
    status: 'OK',
    message: `Initiated ${DHIS2_IMPORT_JOB_TYPE}`,
    response: {
      responseType: 'JobConfigurationWebMessageResponse',
      name: DHIS2_IMPORT_JOB_TYPE,
      id,
      created,
      jobType: DHIS2_IMPORT_JOB_TYPE,
      relativeNotifierEndpoint: `/api/system/tasks/${DHIS2_IMPORT_JOB_TYPE}/${id}`,
    },
  };
}

function requireType(jobType: string) {
  if (jobType !== DHIS2_IMPORT_JOB_TYPE) throw notFound('loại công việc', 'Job type', jobType);
}

/** DHIS2's notifications of a task, newest first; `completed` once it ended. */
export async function taskNotifications(ctx: ServiceContext, jobType: string, id: string): Promise<z.output<typeof taskNotificationsSchema>> {
  requireType(jobType);
  const job = await getJob(ctx, id);
  if (job.kind !== dataValueImportJob.kind) throw notFound('công việc', 'Job', id);
  const vi = ctx.lang === 'vi';
  const at = (job.finishedAt ?? job.startedAt ?? job.createdAt).replace('Z', '');
  const base = { uid: id, category: DHIS2_IMPORT_JOB_TYPE, time: at, dataType: job.status === 'DONE' ? 'PARAMETERS' : null };
  const first = { ...base, level: 'INFO' as const, completed: false, time: job.createdAt.replace('Z', ''), message: vi ? 'Đã xếp hàng nhập số liệu' : 'Data value import queued', dataType: null };
  switch (job.status) {
    case 'QUEUED':
      return [first];
    case 'RUNNING':
      return [{ ...base, level: 'INFO' as const, completed: false, message: vi ? 'Đang nhập số liệu' : 'Importing data values' }, first];
    case 'DONE':
      return [{ ...base, level: 'INFO' as const, completed: true, message: vi ? 'Nhập số liệu xong' : 'Import done' }, first];
    case 'FAILED':
      return [{ ...base, level: 'ERROR' as const, completed: true, message: job.error?.message ?? (vi ? 'Nhập số liệu thất bại' : 'Import failed'), error: job.error }, first];
  }
}

/** The ImportSummary of a finished task (the `response` of the WebMessage a synchronous import answers). */
export async function taskSummary(ctx: ServiceContext, jobType: string, id: string): Promise<z.output<typeof importSummarySchema>> {
  requireType(jobType);
  const job = await getJob(ctx, id);
  if (job.kind !== dataValueImportJob.kind) throw notFound('công việc', 'Job', id);
  if (job.status === 'FAILED') {
    // The job's own error (its code, message and details) is carried under JOB_FAILED: the code names
    // what this request met (a finished, failed job), the detail what the import met.
    const messageVi = job.error?.messageVi ?? 'Nhập số liệu thất bại';
    const messageEn = job.error?.messageEn ?? 'The import failed';
    throw new AppError('JOB_FAILED', 409, messageVi, messageEn, [{ path: 'job', messageVi, messageEn, ...(job.error?.code ? { errorCode: job.error.code } : {}) }, ...(job.error?.details ?? [])]);
  }
  if (job.status !== 'DONE') {
    throw new AppError('TASK_NOT_FINISHED', 404, 'Công việc chưa xong; hãy đọc /api/system/tasks/… trước', 'The task has not finished; read /api/system/tasks/… first', [
      { path: 'params.id', messageVi: `Trạng thái ${job.status}`, messageEn: `Status ${job.status}` },
    ]);
  }
  // What the job answered: the WebMessage of its import (the same as a synchronous import's).
  return (job.result as z.output<typeof importWebMessageSchema>).response;
}
