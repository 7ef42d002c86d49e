import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isConnectionError } from '../db/connection-errors.ts';
import { type CodeWithStatus, ERROR_CODES, type ErrorCode, type StatusOf, isErrorCode } from './error-codes.ts';

export { ERROR_CODES, type CodeWithStatus, type ErrorCode, type StatusOf, isErrorCode } from './error-codes.ts';

export type Lang = 'vi' | 'en';

export interface ErrorDetail {
  /** Where: a field path ("body.children[2].code"), a cell ("Biểu 01!C7"), a row or an index. */
  path: string;
  messageVi: string;
  messageEn: string;
  [key: string]: unknown;
}

/**
 * The one error type: a stable code, an HTTP status and a message in Vietnamese and English. The code and
 * its status come from the registry in error-codes.ts: the type check refuses an undeclared code or a
 * status the code is not declared with.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    public readonly code: C,
    public readonly status: StatusOf<C>,
    public readonly messageVi: string,
    public readonly messageEn: string,
    public readonly details: ErrorDetail[] = [],
  ) {
    super(messageEn);
    this.name = 'AppError';
  }

  /**
   * DHIS2's error code for the same fault (E7124…), on the routes DHIS2 clients call: the answer then also
   * carries DHIS2's WebMessage fields (httpStatus, httpStatusCode, status, message, errorCode) at its top level.
   */
  dhis2Code?: string;

  withDhis2Code(code: string): this {
    this.dhis2Code = code;
    return this;
  }
}

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const notFound = (what: string, whatEn: string, key: string | number) => new AppError('NOT_FOUND', 404, `Không tìm thấy ${what} '${key}'`, `${whatEn} '${key}' not found`);

export const forbidden = (vi = 'Bạn không có quyền thực hiện thao tác này trên đơn vị này', en = 'You are not allowed to do this for this org unit') => new AppError('FORBIDDEN', 403, vi, en);

export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401, 'Cần đăng nhập', 'Authentication required');

export const badRequest = (code: CodeWithStatus<400>, vi: string, en: string, details: ErrorDetail[] = []) => new AppError(code, 400, vi, en, details);

/** Seconds a client is told to wait (Retry-After) while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 a request gets while the database is unreachable; it carries Retry-After. */
export function databaseUnavailable(cause?: unknown): AppError {
  const err = new AppError(
    'DATABASE_UNAVAILABLE',
    503,
    'Cơ sở dữ liệu tạm thời không truy cập được; yêu cầu này không được thực hiện, hãy thử lại sau ít giây',
    'The database is unreachable for the moment; this request was not carried out, try again in a few seconds',
  );
  return Object.assign(err, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause });
}

/**
 * An error whose code is only known at run time — the web framework's refusal (FST_…), a domain error of
 * src/core: a code of the registry declared with that status is kept; any other becomes BAD_REQUEST (or
 * INTERNAL for a 5xx) and the original code is kept in the first detail as `reason`, so nothing is lost.
 */
export function runtimeError(code: unknown, status: number, vi: string, en: string, details: ErrorDetail[] = []): AppError {
  if (isErrorCode(code) && (ERROR_CODES[code].status as readonly number[]).includes(status)) {
    return new AppError(code, status as StatusOf<typeof code>, vi, en, details);
  }
  const reason = typeof code === 'string' && code ? { reason: code } : {};
  const first: ErrorDetail = { ...(details[0] ?? { path: 'request', messageVi: vi, messageEn: en }), ...reason };
  if (status >= 500) return new AppError('INTERNAL', 500, vi, en, [first, ...details.slice(1)]);
  const badStatus = (ERROR_CODES.BAD_REQUEST.status as readonly number[]).includes(status) ? (status as StatusOf<'BAD_REQUEST'>) : 400;
  return new AppError('BAD_REQUEST', badStatus, vi, en, [first, ...details.slice(1)]);
}

export const conflict = (code: CodeWithStatus<409>, vi: string, en: string) => new AppError(code, 409, vi, en);

/** Language from ?lang=, then Accept-Language; Vietnamese unless English is preferred. */
export function requestLang(request: FastifyRequest): Lang {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'vi') return q;
  const header = request.headers['accept-language'];
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const qParam = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: qParam ? Number(qParam.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

const viLocale = z.locales.vi();
const enLocale = z.locales.en();

function localise(issue: z.core.$ZodIssue, locale: { localeError: z.core.$ZodErrorMap }): string {
  const custom = issue.message;
  // Messages written in our schemas are bilingual "vi | en"; pick the side.
  if (custom && custom.includes(' | ')) {
    const [vi, en] = custom.split(' | ');
    return locale === viLocale ? vi : en;
  }
  const out = locale.localeError(issue as never);
  if (typeof out === 'string') return out;
  if (out && typeof out === 'object' && 'message' in out && typeof out.message === 'string') return out.message;
  return custom;
}

/** Turns zod issues into details with a field path and messages in both languages. */
export function zodDetails(issues: readonly z.core.$ZodIssue[], prefix = ''): ErrorDetail[] {
  return issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    const p = issue.path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), prefix);
    return {
      path: p || prefix || '(root)',
      messageVi: localise(issue, viLocale) + keys,
      messageEn: localise(issue, enLocale) + keys,
    };
  });
}

/** Where a value came from: the path parameter, query parameter or top-level body field holding it. */
function inputPathOf(request: FastifyRequest, value: string): string | null {
  const sources: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
  for (const [prefix, source] of sources) {
    if (source === null || typeof source !== 'object') continue;
    for (const [key, v] of Object.entries(source as Record<string, unknown>)) {
      if (typeof v === 'string' && (v === value || v.split(/[;,]/).some((part) => part.trim() === value))) return `${prefix}.${key}`;
    }
  }
  return null;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, err: AppError) {
  const lang = requestLang(request);
  const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  const message = lang === 'vi' ? err.messageVi : err.messageEn;
  const webMessage = err.dhis2Code ? { httpStatus: HTTP_REASONS[err.status] ?? String(err.status), httpStatusCode: err.status, status: 'ERROR', message, errorCode: err.dhis2Code } : {};
  return reply.status(err.status).send({
    ...webMessage,
    error: {
      code: err.code,
      message,
      details: err.details.map(({ messageVi, messageEn, ...rest }) => ({
        ...rest,
        message: lang === 'vi' ? messageVi : messageEn,
      })),
      requestId: request.id,
    },
  });
}

/** One handler for every error: known errors keep their code; the rest become a 500 with a request id. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { validation?: unknown; validationContext?: string }, request, reply) => {
    if (error instanceof AppError) return sendError(reply, request, error);
    // A connection lost under a raw client (COPY, a listener) gets the same 503 as one lost in Db.
    if (isConnectionError(error)) {
      request.log.warn({ err: error }, 'database unreachable');
      return sendError(reply, request, databaseUnavailable(error));
    }
    // Domain errors from src/core (periods, expressions) carry both languages but no HTTP status.
    const domain = error as unknown as { messageVi?: unknown; messageEn?: unknown; code?: unknown; status?: unknown; period?: unknown };
    if (typeof domain.messageVi === 'string' && typeof domain.messageEn === 'string') {
      const status = typeof domain.status === 'number' ? domain.status : 400;
      // The input that carried the wrong value (a period) is named by finding it in the request.
      const where = typeof domain.period === 'string' ? inputPathOf(request, domain.period) : null;
      const details = where ? [{ path: where, messageVi: domain.messageVi, messageEn: domain.messageEn }] : [];
      return sendError(reply, request, runtimeError(domain.code ?? 'BAD_REQUEST', status, domain.messageVi, domain.messageEn, details));
    }
    if (error instanceof z.ZodError) {
      const where = error.validationContext;
      const details = zodDetails(error.issues, where ?? '');
      const first = details[0];
      return sendError(
        reply,
        request,
        badRequest(
          'VALIDATION_FAILED',
          first ? `Dữ liệu không hợp lệ tại ${first.path}: ${first.messageVi}` : 'Dữ liệu không hợp lệ',
          first ? `Invalid input at ${first.path}: ${first.messageEn}` : 'Invalid input',
          details,
        ),
      );
    }
    const cause = (error as { cause?: unknown }).cause;
    if (error.code === 'FST_ERR_VALIDATION' || error.validation) {
      const issues = cause instanceof z.ZodError ? cause.issues : (error.validation as z.core.$ZodIssue[] | undefined);
      if (Array.isArray(issues) && issues.length && 'path' in issues[0]) {
        return sendError(reply, request, badRequest('VALIDATION_FAILED', 'Dữ liệu không hợp lệ', 'Invalid input', zodDetails(issues as z.core.$ZodIssue[], error.validationContext ?? '')));
      }
      return sendError(
        reply,
        request,
        badRequest('VALIDATION_FAILED', 'Dữ liệu không hợp lệ', 'Invalid input', [{ path: error.validationContext ?? '(root)', messageVi: error.message, messageEn: error.message }]),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
      return sendError(
        reply,
        request,
        badRequest('MALFORMED_JSON', `JSON không hợp lệ: ${error.message}`, `Malformed JSON: ${error.message}`, [{ path: 'body', messageVi: 'JSON không hợp lệ', messageEn: error.message }]),
      );
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(reply, request, badRequest('MALFORMED_JSON', 'Thân yêu cầu JSON rỗng', 'Empty JSON body', [{ path: 'body', messageVi: 'Thân yêu cầu rỗng', messageEn: 'Empty body' }]));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(
        reply,
        request,
        new AppError('BODY_TOO_LARGE', 413, 'Dữ liệu gửi lên quá lớn', 'Request body too large', [{ path: 'body', messageVi: 'Vượt quá giới hạn kích thước', messageEn: 'Exceeds the size limit' }]),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(
        reply,
        request,
        new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Kiểu nội dung không được hỗ trợ', 'Unsupported content type', [
          { path: 'headers.content-type', messageVi: 'Kiểu nội dung không được hỗ trợ', messageEn: 'Unsupported content type' },
        ]),
      );
    }
    if (error.statusCode === 429) {
      return sendError(reply, request, new AppError('TOO_MANY_REQUESTS', 429, 'Quá nhiều yêu cầu, vui lòng thử lại sau', 'Too many requests, try again later'));
    }
    if (error.statusCode === 413) {
      // A multipart file over its limit, or another body limit of a plugin.
      return sendError(
        reply,
        request,
        new AppError('BODY_TOO_LARGE', 413, 'Dữ liệu gửi lên quá lớn', 'Request body too large', [{ path: 'body', messageVi: 'Vượt quá giới hạn kích thước', messageEn: 'Exceeds the size limit' }]),
      );
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, request, runtimeError(error.code, error.statusCode, error.message, error.message, [{ path: 'request', messageVi: error.message, messageEn: error.message }]));
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, request, new AppError('INTERNAL', 500, 'Lỗi hệ thống; hãy báo mã yêu cầu cho quản trị viên', 'Internal error; quote the request id to your administrator'));
  });
}
