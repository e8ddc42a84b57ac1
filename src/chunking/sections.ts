/** A run of text under one heading path; `start..end` covers the heading line and its body. */
export interface Section {
  start: number;
  end: number;
  /** Outermost first; empty for text before the first heading. */
  headings: string[];
}

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

interface HeadingLine {
  start: number;
  level: number;
  text: string;
  /** Offset just past the heading (its underline, for setext headings). */
  bodyStart: number;
}

function findHeadings(text: string): HeadingLine[] {
  const headings: HeadingLine[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let fenced = false;
  let previousBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1];
    const lineEnd = offset + line.length;
    if (FENCE.test(line)) fenced = !fenced;
    const atx = fenced ? null : ATX_HEADING.exec(line);
    if (atx?.[1] && atx[2]) {
      headings.push({ start: offset, level: atx[1].length, text: atx[2].trim(), bodyStart: lineEnd });
    } else if (!fenced && previousBlank && line.trim() && next !== undefined && SETEXT_UNDERLINE.exec(next) && !/^\s*[-*+>]/.test(line)) {
      const level = next.trim().startsWith('=') ? 1 : 2;
      headings.push({ start: offset, level, text: line.trim(), bodyStart: lineEnd + 1 + next.length });
      offset = lineEnd + 1 + next.length + 1;
      i++;
      previousBlank = false;
      continue;
    }
    previousBlank = line.trim() === '';
    offset = lineEnd + 1;
  }
  return headings;
}

/**
 * Splits Markdown-style text (also HTML and PDF text, which the loaders give `#` headings)
 * at ATX and setext headings outside code fences. A heading with no body of its own that
 * is followed by a deeper heading joins that next section, so no chunk is a bare title.
 */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  const headings = findHeadings(text);
  const firstStart = headings[0]?.start ?? text.length;
  if (text.slice(0, firstStart).trim()) sections.push({ start: 0, end: firstStart, headings: [] });

  let pendingStart: number | undefined;
  headings.forEach((heading, i) => {
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= heading.level) stack.pop();
    stack.push({ level: heading.level, text: heading.text });
    const next = headings[i + 1];
    const end = next?.start ?? text.length;
    const start = pendingStart ?? heading.start;
    const bodyIsEmpty = !text.slice(heading.bodyStart, end).trim();
    if (bodyIsEmpty && next && next.level > heading.level) {
      pendingStart = start;
      return;
    }
    pendingStart = undefined;
    sections.push({ start, end, headings: stack.map((entry) => entry.text) });
  });
  return sections;
}
