import { decodeUtf8, normaliseText } from '../text-input.js';
import type { FormatParser } from './types.js';

const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const SCALAR_LINE = /^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;

/**
 * Reads `key: value` lines of YAML front matter. Nested YAML is not interpreted (no YAML
 * dependency for a title and a few tags); such lines are ignored.
 */
function parseFrontMatter(block: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const match = SCALAR_LINE.exec(line);
    if (!match?.[1] || !match[2]) continue;
    fields[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return fields;
}

/** First ATX heading outside fenced code, preferring level 1. */
export function firstHeading(text: string): string | undefined {
  let fenced = false;
  let best: { level: number; text: string } | undefined;
  for (const line of text.split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = ATX_HEADING.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const level = match[1].length;
    if (!best || level < best.level) best = { level, text: match[2].trim() };
    if (level === 1) break;
  }
  return best?.text;
}

/** Markdown is kept verbatim (minus front matter) so headings stay visible to the chunker. */
export const markdownParser: FormatParser = {
  format: 'markdown',
  extensions: ['.md', '.markdown', '.mdx'],
  async parse({ source, bytes }) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    let text = normaliseText(decoded.text);
    let frontMatter: Record<string, string> = {};
    const match = FRONT_MATTER.exec(text);
    if (match) {
      frontMatter = parseFrontMatter(match[1] ?? '');
      text = text.slice(match[0].length);
    }
    const title = frontMatter.title ?? firstHeading(text);
    const metadata = Object.keys(frontMatter).length > 0 ? { frontMatter } : {};
    return { ok: true, records: [{ source, ...(title ? { title } : {}), metadata, text }], skipped: [] };
  },
};
