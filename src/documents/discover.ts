import { readdir } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, normalize, relative, resolve } from 'node:path';
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

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

interface UnreadableFolder {
  /** Relative to the folder being listed; '' for the folder itself. */
  relativePath: string;
  code: string;
}

/**
 * The glob library skips folders it cannot list without a word; this `readdir` notes each
 * one, so a folder the user cannot read is a skipped line instead of silently fewer files.
 */
function readdirNoting(root: string, unreadable: UnreadableFolder[]): typeof readdir {
  const noting = (path: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries: unknown) => void) =>
    readdir(path, options, (error, entries) => {
      if (error) unreadable.push({ relativePath: relative(root, path).split('\\').join('/'), code: error.code ?? error.message });
      callback(error, entries);
    });
  return noting as unknown as typeof readdir;
}

/**
 * Expands file and folder arguments into a sorted, de-duplicated file list. Globs filter
 * files found in folders; files named explicitly are always kept. Paths that do not exist
 * are returned apart (`missing`): callers stop before reading anything, since a mistyped
 * path next to a good one would otherwise build a testset from part of the corpus. Folders
 * that cannot be listed, and paths that cannot be accessed, are skips with the reason.
 */
export async function discoverFiles(
  paths: readonly string[],
  globs: { include: readonly string[]; exclude: readonly string[] },
): Promise<{ files: DiscoveredFile[]; skipped: SkippedInput[]; missing: string[] }> {
  const included = globs.include.length > 0 ? globMatcher(globs.include) : () => true;
  const excluded = globs.exclude.length > 0 ? globMatcher(globs.exclude) : () => false;
  const byAbsolute = new Map<string, DiscoveredFile>();
  const skipped: SkippedInput[] = [];
  const missing: string[] = [];

  for (const path of paths) {
    const source = displayPath(path);
    const absolutePath = resolve(path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolutePath)).isDirectory();
    } catch (error) {
      if (isMissing(error)) missing.push(source);
      else skipped.push({ source, reason: reasonForStatError(error) });
      continue;
    }
    if (!isDirectory) {
      if (!byAbsolute.has(absolutePath)) byAbsolute.set(absolutePath, { source, absolutePath });
      continue;
    }
    const unreadable: UnreadableFolder[] = [];
    const entries = await glob('**/*', {
      cwd: absolutePath,
      dot: false,
      onlyFiles: true,
      ignore: ALWAYS_IGNORED,
      expandDirectories: false,
      fs: { readdir: readdirNoting(absolutePath, unreadable) },
    });
    for (const folder of unreadable.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1))) {
      // Hidden folders are never read, so whether they can be listed does not matter.
      if (folder.relativePath.split('/').some((part) => part.startsWith('.') && part !== '.' && part !== '..')) continue;
      const code = folder.code === 'EACCES' || folder.code === 'EPERM' ? 'permission denied' : `cannot list (${folder.code})`;
      skipped.push({ source: folder.relativePath ? displayPath(join(source, folder.relativePath)) : source, reason: `folder not read: ${code}` });
    }
    const kept = entries.filter((entry) => included(entry) && !excluded(entry));
    if (kept.length === 0) {
      if (unreadable.some((folder) => folder.relativePath === '')) continue;
      skipped.push({ source, reason: entries.length === 0 ? 'folder has no files' : 'no file in the folder matches the include/exclude globs' });
      continue;
    }
    for (const entry of kept) {
      const file = join(absolutePath, entry);
      if (!byAbsolute.has(file)) byAbsolute.set(file, { source: displayPath(join(source, entry)), absolutePath: file });
    }
  }
  const sorted = [...byAbsolute.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const { files, copies } = await withoutLinkedCopies(sorted);
  return { files, skipped: [...skipped, ...copies], missing };
}

/** `a/b/html/x.html` read through `a/c/html/x.html`: the folders that differ, `a/b` and `a/c`. */
function differingFolders(copy: string, original: string): [string, string] {
  const a = copy.split('/');
  const b = original.split('/');
  while (a.length > 1 && b.length > 1 && a.at(-1) === b.at(-1)) {
    a.pop();
    b.pop();
  }
  return [a.join('/'), b.join('/')];
}

/**
 * Files reached twice through a symbolic link (Debian's `doc/zsh-doc -> zsh-common`) are
 * read once, the first path in sorted order; each linked folder is one skipped line, not
 * one line per file.
 */
async function withoutLinkedCopies(files: readonly DiscoveredFile[]): Promise<{ files: DiscoveredFile[]; copies: SkippedInput[] }> {
  const real = await Promise.all(files.map((file) => realpath(file.absolutePath).catch(() => file.absolutePath)));
  const firstByReal = new Map<string, DiscoveredFile>();
  const kept: DiscoveredFile[] = [];
  const groups = new Map<string, { copy: string; original: string; files: number }>();
  files.forEach((file, i) => {
    const key = real[i] as string;
    const original = firstByReal.get(key);
    if (!original) {
      firstByReal.set(key, file);
      kept.push(file);
      return;
    }
    const [copy, from] = differingFolders(file.source, original.source);
    const group = groups.get(`${copy}\u0000${from}`) ?? { copy, original: from, files: 0 };
    group.files++;
    groups.set(`${copy}\u0000${from}`, group);
  });
  const copies = [...groups.values()].map((group) => ({
    source: group.copy,
    reason: `linked copy of ${group.original} (${group.files} file${group.files === 1 ? '' : 's'}); read once`,
  }));
  return { files: kept, copies };
}
