/**
 * Sentences with exact offsets: `text.slice(start, end) === sentence.text`, so anything
 * built from them (summaries, reference answers) quotes the source verbatim. Markdown
 * structure is respected: headings and fenced code are not prose, and list items and
 * paragraphs never run into each other.
 */

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

export interface TextStructure {
  /** Prose sentences in document order. */
  sentences: Sentence[];
  /** Markdown ATX headings (`## Title`) in document order, without the hashes. */
  headings: string[];
}

const sentenceSegmenter = new Intl.Segmenter('und', { granularity: 'sentence' });

const HEADING = /^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const TABLE_OR_RULE = /^\s*(?:\|.*\||[-=*_]{3,}\s*$)/;
const SETEXT_UNDERLINE = /^\s*(?:=+|-+)\s*$/;
/** Segments ending in these are abbreviations, not sentence ends (`Dr. Young`, `e.g. this`). */
const ABBREVIATION_END = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|St|Sr|Jr|vs|etc|cf|e\.g|i\.e|Nr|bzw|z\.B|usw|Mme|M)\.\s*$/i;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

interface Block {
  start: number;
  end: number;
}

/** Paragraph and list-item blocks of prose, plus headings, from a line scan. */
function scanBlocks(text: string): { blocks: Block[]; headings: string[] } {
  const blocks: Block[] = [];
  const headings: string[] = [];
  let inFence = false;
  let open: Block | null = null;
  const close = () => {
    if (open) blocks.push(open);
    open = null;
  };
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    const lineEnd = offset + line.length;
    offset = lineEnd + 1;
    if (FENCE.test(line)) {
      inFence = !inFence;
      close();
      continue;
    }
    if (inFence || line.trim() === '' || TABLE_OR_RULE.test(line) || SETEXT_UNDERLINE.test(line)) {
      close();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      headings.push((heading[2] ?? '').trim());
      continue;
    }
    const marker = LIST_MARKER.exec(line);
    if (marker) {
      close();
      open = { start: lineStart + marker[0].length, end: lineEnd };
      continue;
    }
    if (open) open.end = lineEnd;
    else open = { start: lineStart, end: lineEnd };
  }
  close();
  return { blocks, headings };
}

function trimmed(text: string, start: number, end: number): Sentence | null {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (start >= end) return null;
  return { text: text.slice(start, end), start, end };
}

export function textStructure(text: string): TextStructure {
  const { blocks, headings } = scanBlocks(text);
  const sentences: Sentence[] = [];
  for (const block of blocks) {
    // A line break inside a paragraph is wrapping, not a sentence end (UAX 29 treats it as
    // one); spaces keep the length, so offsets still point into the original text.
    const blockText = text.slice(block.start, block.end).replace(/\n/g, ' ');
    let pendingStart: number | null = null;
    for (const segment of sentenceSegmenter.segment(blockText)) {
      const start: number = pendingStart ?? block.start + segment.index;
      const end = block.start + segment.index + segment.segment.length;
      if (ABBREVIATION_END.test(segment.segment) && end < block.end) {
        pendingStart = start;
        continue;
      }
      pendingStart = null;
      const sentence = trimmed(text, start, end);
      if (sentence && HAS_WORD_CHAR.test(sentence.text)) sentences.push(sentence);
    }
  }
  return { sentences, headings };
}

export function splitSentences(text: string): Sentence[] {
  return textStructure(text).sentences;
}
