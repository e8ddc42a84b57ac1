/**
 * Every error a user can cause or fix carries a code, an exit code and a hint.
 * Only the CLI entry catches them; library callers get the typed error.
 */
export type ErrorCode = 'usage' | 'no_input' | 'unreachable' | 'budget' | 'shortfall' | 'interrupted' | 'internal';

const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 2,
  no_input: 3,
  unreachable: 4,
  budget: 5,
  shortfall: 6,
  // The shell's convention for a run stopped by Ctrl-C (128 + SIGINT).
  interrupted: 130,
  internal: 1,
};

export class RagsetError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  /** What the user should do about it; printed after the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RagsetError';
    this.code = code;
    this.exitCode = EXIT_CODES[code];
    this.hint = options.hint;
  }
}

/** Bad flags, config or arguments (exit 2). */
export class UsageError extends RagsetError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint });
    this.name = 'UsageError';
  }
}

/** Nothing usable to work on (exit 3). */
export class NoInputError extends RagsetError {
  constructor(message: string, hint?: string) {
    super('no_input', message, { hint });
    this.name = 'NoInputError';
  }
}

/** An LLM endpoint, Neo4j or LangSmith cannot be reached or refuses us (exit 4). */
export class UnreachableError extends RagsetError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('unreachable', message, options);
    this.name = 'UnreachableError';
  }
}

/** A configured token or cost budget ran out (exit 5). */
export class BudgetError extends RagsetError {
  constructor(message: string, hint?: string) {
    super('budget', message, { hint });
    this.name = 'BudgetError';
  }
}

/** `--strict` and fewer samples of a kind than asked (exit 6); the testset was still written. */
export class ShortfallError extends RagsetError {
  constructor(message: string, hint?: string) {
    super('shortfall', message, { hint });
    this.name = 'ShortfallError';
  }
}

/** One line for the terminal: `<what> — <what to do>`. */
export function formatError(error: unknown): string {
  if (error instanceof RagsetError) {
    return error.hint ? `${error.message} — ${error.hint}` : error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message} — this is a bug; rerun with --debug and report it`;
}
