import { normaliseText } from '../text-input.js';
import type { FormatParser } from './types.js';

/** One positioned run of text, the part of pdf.js' TextItem we use. */
interface TextRun {
  str: string;
  y: number;
  height: number;
}

interface Line {
  text: string;
  y: number;
  height: number;
}

/** A line this much taller than body text (and short) is treated as a heading. */
const HEADING_SCALE = 1.2;
const HEADING_MAX_CHARS = 120;

/** Groups runs into lines by baseline; pdf.js already inserts the spaces between words. */
function toLines(runs: readonly TextRun[]): Line[] {
  const lines: Line[] = [];
  for (const run of runs) {
    const last = lines.at(-1);
    const height = run.height || last?.height || 1;
    if (last && Math.abs(run.y - last.y) <= Math.max(last.height, height) * 0.3) {
      last.text += run.str;
      last.height = Math.max(last.height, height);
    } else if (run.str.trim()) {
      lines.push({ text: run.str, y: run.y, height });
    }
  }
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text);
}

/** The most common line height, weighted by characters: the body text size. */
function bodyHeight(pages: readonly Line[][]): number {
  const weight = new Map<number, number>();
  for (const line of pages.flat()) {
    const height = Math.round(line.height * 2) / 2;
    weight.set(height, (weight.get(height) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [height, w] of [...weight].sort(([a], [b]) => a - b)) {
    if (w > bestWeight) [best, bestWeight] = [height, w];
  }
  return best;
}

/**
 * Lines → paragraphs: a vertical gap over 1.5 line heights starts a new paragraph; wrapped
 * lines of one paragraph are joined with spaces. Large short lines become `#` headings,
 * ranked by size, so the chunker can split PDFs at their sections too.
 */
function pageText(lines: readonly Line[], body: number, headingLevels: ReadonlyMap<number, number>): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let previous: Line | undefined;
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  for (const line of lines) {
    const level = line.text.length <= HEADING_MAX_CHARS ? headingLevels.get(Math.round(line.height * 2) / 2) : undefined;
    if (level !== undefined && line.height >= body * HEADING_SCALE) {
      flush();
      paragraphs.push(`${'#'.repeat(level)} ${line.text}`);
      previous = undefined;
      continue;
    }
    const gap = previous ? previous.y - line.y : 0;
    if (previous && (gap > Math.max(previous.height, line.height) * 1.5 || gap < 0)) flush();
    current.push(line.text);
    previous = line;
  }
  flush();
  return normaliseText(paragraphs.join('\n\n'));
}

function headingLevelsFor(pages: readonly Line[][], body: number): Map<number, number> {
  const sizes = new Set<number>();
  for (const line of pages.flat()) {
    const height = Math.round(line.height * 2) / 2;
    if (height >= body * HEADING_SCALE && line.text.length <= HEADING_MAX_CHARS) sizes.add(height);
  }
  const ranked = [...sizes].sort((a, b) => b - a);
  return new Map(ranked.map((size, i) => [size, Math.min(i + 1, 6)]));
}

function reasonFor(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return 'encrypted PDF (a password is required to read it)';
  if (name === 'InvalidPDFException') return 'not a valid PDF (corrupt or truncated)';
  const message = error instanceof Error ? error.message : String(error);
  return `unreadable PDF: ${message.split('\n')[0]}`;
}

/** Text per page via pdf.js (pure JS). Page offsets go to `metadata.pages` as `{page, start, end}`. */
export const pdfParser: FormatParser = {
  format: 'pdf',
  extensions: ['.pdf'],
  async parse({ source, bytes }) {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // pdf.js takes ownership of (and detaches) the buffer it is given, so it gets a copy.
    const task = getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
    });
    try {
      const pdf = await task.promise;
      const pages: Line[][] = [];
      for (let number = 1; number <= pdf.numPages; number++) {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        const runs: TextRun[] = [];
        for (const item of content.items) {
          if (!('str' in item)) continue;
          runs.push({ str: item.str, y: item.transform[5] ?? 0, height: item.height || Math.abs(item.transform[3] ?? 0) });
        }
        pages.push(toLines(runs));
        page.cleanup();
      }
      const body = bodyHeight(pages);
      const levels = headingLevelsFor(pages, body);
      const pageRanges: { page: number; start: number; end: number }[] = [];
      let text = '';
      pages.forEach((lines, i) => {
        const content = pageText(lines, body, levels);
        if (!content) return;
        if (text) text += '\n\n';
        pageRanges.push({ page: i + 1, start: text.length, end: text.length + content.length });
        text += content;
      });
      if (!text.trim()) return { ok: false, reason: 'PDF has no extractable text (scanned? run OCR first)' };
      const info = (await pdf.getMetadata()).info as Record<string, unknown>;
      const infoTitle = typeof info.Title === 'string' ? info.Title.trim() : '';
      const firstHeading = /^#+ (.+)$/m.exec(text)?.[1];
      const metadata: Record<string, unknown> = { pageCount: pdf.numPages, pages: pageRanges };
      if (typeof info.Author === 'string' && info.Author.trim()) metadata.author = info.Author.trim();
      if (infoTitle) metadata.pdfTitle = infoTitle;
      const title = infoTitle || firstHeading;
      return { ok: true, records: [{ source, ...(title ? { title } : {}), metadata, text }], skipped: [] };
    } catch (error) {
      return { ok: false, reason: reasonFor(error) };
    } finally {
      await task.destroy();
    }
  },
};
