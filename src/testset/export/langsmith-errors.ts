import { RagsetError, UnreachableError } from '../../errors.js';

/**
 * Turns whatever the LangSmith SDK or fetch threw into one line that names the step, the
 * HTTP status with the server's own message, and how many examples were already written.
 */

export class LangSmithExportError extends UnreachableError {
  /** Examples created or updated before the failure. */
  readonly written: number;
  readonly status: number | undefined;

  constructor(message: string, options: { written: number; status?: number; hint: string; cause?: unknown }) {
    super(message, { hint: options.hint, cause: options.cause });
    this.name = 'LangSmithExportError';
    this.written = options.written;
    this.status = options.status;
  }
}

export interface FailureContext {
  endpoint: string;
  /** What was being done, e.g. `creating examples`. */
  action: string;
  written: number;
  total: number;
}

const MAX_MESSAGE = 300;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

/** LangSmith answers `{"detail": …}`; fall back to the raw body. */
function serverMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      for (const key of ['detail', 'message', 'error']) {
        const value = (parsed as Record<string, unknown>)[key];
        if (typeof value === 'string') return oneLine(value);
        if (value !== undefined) return oneLine(JSON.stringify(value));
      }
    }
  } catch {
    // not JSON: use the text as it is
  }
  return oneLine(body) || '(empty response)';
}

/** The SDK's `raiseForStatus` says `Failed to <x>. Received status [<n>]: <text>. Message: <body>`. */
function httpFailure(error: Error): { status: number; message: string } | undefined {
  const match = /Received status \[(\d+)\]: ([^.]*)\. Message: ([\s\S]*)$/.exec(error.message);
  if (!match) return undefined;
  return { status: Number(match[1]), message: serverMessage(match[3] ?? '') };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if ((current as { name?: unknown }).name === 'TimeoutError') return 'timeout';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hintFor(status: number | undefined): string {
  if (status === 401) return 'check LANGSMITH_API_KEY';
  if (status === 403) return 'check LANGSMITH_API_KEY and, for org-scoped keys, LANGSMITH_WORKSPACE_ID';
  if (status === undefined || status === 429 || status >= 500) {
    return 'check LANGSMITH_ENDPOINT and rerun later; the export is idempotent and only sends what is missing';
  }
  return 'fix the cause and rerun; examples already written are not duplicated';
}

export function toLangSmithError(error: unknown, context: FailureContext): RagsetError {
  if (error instanceof RagsetError) return error;
  const progress = `${context.written} of ${context.total} examples written before the failure`;
  const code = networkCode(error);
  if (code) {
    return new LangSmithExportError(
      `cannot reach LangSmith at ${context.endpoint} while ${context.action} (${code}); ${progress}`,
      { written: context.written, hint: hintFor(undefined), cause: error },
    );
  }
  const http = error instanceof Error ? httpFailure(error) : undefined;
  if (http) {
    return new LangSmithExportError(
      `LangSmith refused ${context.action}: HTTP ${http.status}: ${http.message}; ${progress}`,
      { written: context.written, status: http.status, hint: hintFor(http.status), cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LangSmithExportError(`LangSmith failed while ${context.action}: ${oneLine(message)}; ${progress}`, {
    written: context.written,
    hint: hintFor(undefined),
    cause: error,
  });
}
