import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** `nobody` on Debian and most Linux systems. */
const ORDINARY_ID = 65534;

/**
 * Runs an ES module snippet (TypeScript imports allowed, through tsx) in a child process that
 * permissions apply to: as `nobody` when the tests run as root, who may read any file or
 * folder whatever its mode; as the current user otherwise. Resolves to what it printed.
 * Paths it touches must be reachable by that user (a 0755 temporary folder).
 */
/**
 * Whether `runAsOrdinaryUser` can work here: always when the tests do not run as root; as
 * root only when `nobody` can reach the project (every folder above it searchable by others,
 * the project itself readable). A clone in a `mktemp -d` folder (mode 0700) is not: there the
 * permission tests are skipped, as nothing can check permissions for root.
 */
export function ordinaryUserCanRun(): boolean {
  if (process.getuid?.() !== 0) return true;
  let folder = process.cwd();
  if ((statSync(folder).mode & 0o005) !== 0o005) return false;
  for (;;) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    const parent = dirname(folder);
    if (parent === folder) return true;
    folder = parent;
  }
}

export function runAsOrdinaryUser(module: string): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', module], {
    cwd: process.cwd(),
    env: { ...process.env, HOME: '/tmp' },
    ...(asRoot ? { uid: ORDINARY_ID, gid: ORDINARY_ID } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}
