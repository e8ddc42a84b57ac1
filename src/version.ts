import { readFileSync } from 'node:fs';

/** Read from package.json so a release bump is one edit; works from src/ and dist/src/. */
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ragset' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const RAGSET_VERSION = readVersion();
