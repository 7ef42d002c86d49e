// PostgreSQL cannot store U+0000 in text, so a NUL character anywhere in a request's strings would
// fail deep inside a write as a 500. It is refused at the edge instead, naming the field.
import type { FastifyRequest } from 'fastify';
import { badRequest, type AppError } from './errors.ts';

/** The refusal of a NUL character at `path` ("body.comment", "querystring.q", "line 3.comment"). */
export function nulCharacterError(path: string): AppError {
  return badRequest('NUL_CHARACTER', `Ký tự NUL (\\u0000) không được phép tại ${path}`, `The NUL character (\\u0000) is not allowed at ${path}`, [
    { path, messageVi: 'Không được chứa ký tự NUL (\\u0000)', messageEn: 'Must not contain the NUL character (\\u0000)' },
  ]);
}

const MAX_WALK_DEPTH = 512;

/** The path of the first string (or member name) holding U+0000 in a parsed JSON value, or null. */
export function findNul(value: unknown, path: string): string | null {
  // Iterative, so that a deeply nested body cannot overflow the stack here.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path: p, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return p;
      continue;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_WALK_DEPTH) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${p}[${i}]`, depth: depth + 1 });
      continue;
    }
    // Buffers and streams (uploads, the streamed import) are read by their own routes.
    if (ArrayBuffer.isView(v) || typeof (v as { pipe?: unknown }).pipe === 'function') continue;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const at = p ? `${p}.${key}` : key;
      if (key.includes('\u0000')) return at.replaceAll('\u0000', '\\u0000');
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/** Where a request carries U+0000 in its query string, path parameters or parsed body, or null. */
export function findNulInRequest(request: FastifyRequest): string | null {
  return findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? findNul(request.body, 'body');
}
