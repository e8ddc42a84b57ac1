import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The files inlined into the pages: the charting libraries from node_modules and ragset's own
 * browser scripts and styles from `assets/` (works from src/ and dist/src/).
 */

const require = createRequire(import.meta.url);

function assetsDir(): string {
  for (const relative of ['../../assets/', '../../../assets/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}report/report.js`)) return dir;
  }
  throw new Error('ragset is installed without its assets/ folder');
}

const cache = new Map<string, string>();

function cached(key: string, load: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    text = load();
    cache.set(key, text);
  }
  return text;
}

/** `report/report.js`, `review/review.css`, … */
export function ownAsset(path: string): string {
  return cached(path, () => readFileSync(`${assetsDir()}${path}`, 'utf8'));
}

/** The folder of an installed package (their `exports` hide the UMD files from `resolve`). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = parent;
  }
  return dir;
}

/** d3 and Observable Plot, as the UMD bundles their packages ship. */
export function chartingLibraries(): string {
  return cached('charting', () =>
    [join(packageDir('d3'), 'dist/d3.min.js'), join(packageDir('@observablehq/plot'), 'dist/plot.umd.min.js')].map((file) => readFileSync(file, 'utf8')).join('\n'),
  );
}

/** Text for inside an HTML element. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> element or open a comment: `<` becomes `\u003c`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline script text must not contain `</script`. */
export function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}
