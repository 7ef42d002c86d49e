// Typed fetch wrapper for the Tiến Độ API: session cookie, CSRF double-submit header, the UI
// language in Accept-Language, and one error type carrying the server's code, message and details.
import { pathNames } from '../lib/field-labels.ts';

export interface ApiErrorDetail {
  path: string;
  message: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: ApiErrorDetail[] = [],
    public readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Lang = 'vi' | 'en';

let currentLang: Lang = 'vi';
let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setApiLanguage(lang: Lang): void {
  currentLang = lang;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 so the app can show the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Builds "?a=1&b=2", leaving out empty values; arrays repeat the key. */
export function buildQuery(params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

async function toApiError(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('x-request-id');
  try {
    const json = (await res.json()) as { error?: { code?: string; message?: string; details?: ApiErrorDetail[]; requestId?: string } };
    if (json.error) {
      return new ApiError(res.status, json.error.code ?? 'ERROR', json.error.message ?? res.statusText, json.error.details ?? [], json.error.requestId ?? requestId);
    }
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new ApiError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`, [], requestId);
}

/** Sends one request and returns the raw response after error handling (for files). */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { 'Accept-Language': currentLang, Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof Blob || options.body instanceof ArrayBuffer) {
    body = options.body;
  } else if (typeof options.body === 'string' && options.headers?.['Content-Type']) {
    // Raw text (a CSV file) sent with the caller's content type.
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const token = csrfToken ?? readCookie('tiendo_csrf');
    if (token) headers['X-CSRF-Token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path + buildQuery(options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', currentLang === 'vi' ? 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' : 'Cannot reach the server. Check the network and try again.');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && onUnauthenticated && !path.startsWith('/api/auth/login')) onUnauthenticated();
    throw error;
  }
  return res;
}

/** Sends a request and parses JSON (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(path, options);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

/** Downloads a file response under the name the server gives (or the fallback). */
export async function downloadFile(path: string, fallbackName: string, options: RequestOptions = {}): Promise<void> {
  const res = await apiFetch(path, options);
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The message for a field path from an error's details ("body.username" matches "username"). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const hit = error.details.find((d) => pathNames(d.path, field));
  return hit?.message;
}

/**
 * Sends a file with upload progress (fetch cannot report it), with the same headers and error
 * shape as api(). onProgress receives 0..1.
 */
export function apiUpload<T>(path: string, body: FormData, onProgress: (share: number) => void, query: Record<string, QueryValue> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path + buildQuery(query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLang);
    const token = csrfToken ?? readCookie('tiendo_csrf');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK', currentLang === 'vi' ? 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' : 'Cannot reach the server. Check the network and try again.'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(json as T);
        return;
      }
      const error = (json as { error?: { code?: string; message?: string; details?: ApiErrorDetail[]; requestId?: string } } | null)?.error;
      if (xhr.status === 401 && onUnauthenticated) onUnauthenticated();
      reject(new ApiError(xhr.status, error?.code ?? `HTTP_${xhr.status}`, error?.message ?? xhr.statusText, error?.details ?? [], error?.requestId ?? xhr.getResponseHeader('x-request-id')));
    };
    xhr.send(body);
  });
}
