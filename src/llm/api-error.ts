/**
 * One error type for every failed model request, whatever the provider. It carries data,
 * not just a message, so the retry wrapper and the client decide from fields:
 * `isRetryable` for another attempt, `isUnreachable` for stopping the whole run early.
 * `body`: a response whose body was cut off, or a 2xx whose body is not JSON; `response`: a
 * JSON envelope without a usable answer (wrong shape, refusal, no content).
 */
export type ApiErrorKind = 'http' | 'timeout' | 'connection' | 'aborted' | 'response' | 'body';

/** Network failures that mean nothing is listening at the address, or the name does not resolve. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface ApiCallErrorData {
  kind: ApiErrorKind;
  /** The base URL the request went to (never with credentials). */
  endpoint: string;
  statusCode?: number;
  responseBody?: string;
  retryAfterMs?: number;
  /** Low-level network code such as `ECONNREFUSED`. */
  networkCode?: string;
  cause?: unknown;
}

export class ApiCallError extends Error {
  readonly kind: ApiErrorKind;
  readonly endpoint: string;
  readonly statusCode: number | undefined;
  readonly responseBody: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly networkCode: string | undefined;

  constructor(message: string, data: ApiCallErrorData) {
    super(message, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = 'ApiCallError';
    this.kind = data.kind;
    this.endpoint = data.endpoint;
    this.statusCode = data.statusCode;
    this.responseBody = data.responseBody;
    this.retryAfterMs = data.retryAfterMs;
    this.networkCode = data.networkCode;
  }

  /**
   * 408/409/429/5xx, timeouts, dropped connections and broken bodies (cut off, empty, HTML or
   * not JSON: transport trouble, not the model's answer) may succeed on another attempt.
   */
  get isRetryable(): boolean {
    if (this.kind === 'timeout' || this.kind === 'connection' || this.kind === 'body') return true;
    const status = this.statusCode;
    return status !== undefined && (status === 408 || status === 409 || status === 429 || status >= 500);
  }

  /** Every later request would fail the same way: nothing listens, bad key, or unknown model/route. */
  get isUnreachable(): boolean {
    if (this.kind === 'connection') return this.networkCode !== undefined && UNREACHABLE_CODES.has(this.networkCode);
    return this.statusCode === 401 || this.statusCode === 403 || this.statusCode === 404;
  }
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI's, fractional ms) or `retry-after`
 * (seconds or an HTTP date); undefined when absent or unreadable.
 */
export function parseRetryAfter(header: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(header('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = header('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0 && /^\s*[\d.]+\s*$/.test(value)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Finds a network code (`ECONNREFUSED`…) anywhere in a chain of causes (fetch nests them). */
export function findNetworkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
      const nested = (current as { errors?: unknown }).errors;
      if (Array.isArray(nested)) {
        const found = nested.map(findNetworkCode).find((c) => c !== undefined);
        if (found) return found;
      }
      current = (current as { cause?: unknown }).cause;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** Removes secrets from text that may end up in an error, a log or a file. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** A base URL as safe to print and hash: no user info, query or fragment. */
export function publicEndpoint(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid base URL)';
  }
}
