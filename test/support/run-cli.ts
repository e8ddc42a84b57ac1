import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CapturedOutput {
  stdout: string;
  stderr: string;
  restore(): void;
}

/** Captures what the process prints until `restore()` (or `vi.restoreAllMocks()`). */
export function captureOutput(): CapturedOutput {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((output.stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((output.stderr += String(chunk)), true));
  const output: CapturedOutput = {
    stdout: '',
    stderr: '',
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
  return output;
}

/** Runs `ragset …` in-process, as the binary would, and captures what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = captureOutput();
  try {
    const code = await main(args);
    return { code, stdout: output.stdout, stderr: output.stderr };
  } finally {
    output.restore();
  }
}
