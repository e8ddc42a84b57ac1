import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

/** Runs the binary with its output piped to a reader that closes the pipe after the first bytes. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/index.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

it('exits quietly when the reader of its output closes the pipe (`ragset ingest --help | head -1`)', async () => {
  const { code, stderr } = await runIntoClosedPipe(['ingest', '--help']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
