import { stat } from 'node:fs/promises';
import { join, normalize, resolve } from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import type { SkippedInput } from './document.js';

/** Folders nobody means to ingest; hidden files and folders are skipped too. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface DiscoveredFile {
  /** The path as the user sees it: the argument, plus the path inside it for folders. */
  source: string;
  absolutePath: string;
}

function displayPath(path: string): string {
  const normal = normalize(path).split('\\').join('/');
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

function reasonForStatError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot access (${code ?? String(error)})`;
}

/** `.gitignore`-like: a glob with a `/` matches the relative path, one without matches the file name. */
function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const pathGlobs = globs.filter((glob) => glob.includes('/'));
  const nameGlobs = globs.filter((glob) => !glob.includes('/'));
  const matchPath = pathGlobs.length > 0 ? picomatch(pathGlobs, { dot: true }) : () => false;
  const matchName = nameGlobs.length > 0 ? picomatch(nameGlobs, { dot: true }) : () => false;
  return (relativePath) => matchPath(relativePath) || matchName(relativePath.slice(relativePath.lastIndexOf('/') + 1));
}

/**
 * Expands file and folder arguments into a sorted, de-duplicated file list. Globs filter
 * files found in folders; files named explicitly are always kept. Missing paths are skips.
 */
export async function discoverFiles(
  paths: readonly string[],
  globs: { include: readonly string[]; exclude: readonly string[] },
): Promise<{ files: DiscoveredFile[]; skipped: SkippedInput[] }> {
  const included = globs.include.length > 0 ? globMatcher(globs.include) : () => true;
  const excluded = globs.exclude.length > 0 ? globMatcher(globs.exclude) : () => false;
  const byAbsolute = new Map<string, DiscoveredFile>();
  const skipped: SkippedInput[] = [];

  for (const path of paths) {
    const source = displayPath(path);
    const absolutePath = resolve(path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolutePath)).isDirectory();
    } catch (error) {
      skipped.push({ source, reason: reasonForStatError(error) });
      continue;
    }
    if (!isDirectory) {
      if (!byAbsolute.has(absolutePath)) byAbsolute.set(absolutePath, { source, absolutePath });
      continue;
    }
    const entries = await glob('**/*', {
      cwd: absolutePath,
      dot: false,
      onlyFiles: true,
      ignore: ALWAYS_IGNORED,
      expandDirectories: false,
    });
    const kept = entries.filter((entry) => included(entry) && !excluded(entry));
    if (kept.length === 0) {
      skipped.push({ source, reason: entries.length === 0 ? 'folder has no files' : 'no file in the folder matches the include/exclude globs' });
      continue;
    }
    for (const entry of kept) {
      const file = join(absolutePath, entry);
      if (!byAbsolute.has(file)) byAbsolute.set(file, { source: displayPath(join(source, entry)), absolutePath: file });
    }
  }
  const files = [...byAbsolute.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { files, skipped };
}
