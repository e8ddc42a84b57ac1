/** What JavaScript's `\s` and `trim()` treat as white space. */
export function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Characters that are not white space (`text.replace(/\s+/g, '').length`), counted without copying the text. */
export function visibleLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) count++;
  return count;
}

/**
 * Runs of non-white-space (`\S+`) in `text`, counting stops at `limit`; runs whose first character
 * is `except` (a UTF-16 code) are not counted. By hand: a match object per run cost more than the
 * rules reading the count.
 */
export function nonSpaceRuns(text: string, limit: number, except = -1): number {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < text.length && runs < limit; i++) {
    const code = text.charCodeAt(i);
    const space = isSpace(code);
    if (!space && !inRun && code !== except) runs++;
    inRun = !space;
  }
  return runs;
}
