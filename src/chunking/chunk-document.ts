import type { Document } from '../documents/document.js';
import { contentId } from '../hash.js';
import { atomize } from './atoms.js';
import type { Chunk } from './chunk.js';
import { ChunkOptions, type ChunkOptionsInput } from './options.js';
import { packAtoms } from './pack.js';
import { splitSections, type Section } from './sections.js';
import { getTokenizer } from './tokens.js';
import { keptSpans, type Span } from '../hygiene/ranges.js';

function commonPrefix(paths: readonly string[][]): string[] {
  const [head = [], ...rest] = paths;
  let length = head.length;
  for (const path of rest) {
    let i = 0;
    while (i < length && path[i] === head[i]) i++;
    length = i;
  }
  return head.slice(0, length);
}

/** The sections inside one kept span, cut at its edges. */
function clipSections(sections: readonly Section[], span: Span): Section[] {
  return sections.flatMap((section) => {
    const start = Math.max(section.start, span.start);
    const end = Math.min(section.end, span.end);
    return start < end ? [{ ...section, start, end }] : [];
  });
}

/**
 * Splits one document into chunks of at most `maxTokens` tokens, at headings first, then
 * paragraphs, sentences, lines, words and, as a last resort, token windows. Every chunk
 * satisfies `document.text.slice(start, end) === text` and has no surrounding whitespace;
 * a whitespace-only document has no chunks. Spans in `document.excluded` (boilerplate,
 * index pages) are in no chunk: each kept span is chunked on its own, so no chunk reaches
 * across one.
 */
export function chunkDocument(document: Document, options: ChunkOptionsInput | ChunkOptions = {}): Chunk[] {
  const { maxTokens, overlapTokens, encoding } = ChunkOptions.parse(options);
  const tokenizer = getTokenizer(encoding);
  const { text } = document;
  const sections: Section[] = splitSections(text);
  const spans = document.excluded && document.excluded.length > 0 ? keptSpans(text.length, document.excluded) : [{ start: 0, end: text.length }];
  const chunks: Chunk[] = [];
  for (const span of spans) {
    const clipped = spans.length === 1 && span.start === 0 && span.end === text.length ? sections : clipSections(sections, span);
    const atoms = atomize(text, clipped, maxTokens, tokenizer);
    const slice = (first: number, last: number) => text.slice(atoms[first]?.start ?? 0, atoms[last]?.end ?? 0);
    // A single atom's count is already exact; counting it again would double the cost of token windows.
    const packed = packAtoms(atoms, maxTokens, overlapTokens, ({ first, last }) =>
      first === last ? (atoms[first]?.tokens ?? 0) : tokenizer.count(slice(first, last)),
    );
    packed.spans.forEach(({ first, last }, i) => {
      const start = atoms[first]?.start ?? 0;
      const end = atoms[last]?.end ?? 0;
      const chunkText = text.slice(start, end);
      const sectionIndexes = new Set(atoms.slice(first, last + 1).map((atom) => atom.section));
      const headings = commonPrefix([...sectionIndexes].map((index) => clipped[index]?.headings ?? []));
      chunks.push({
        id: contentId('chunk', chunkText),
        documentId: document.id,
        ordinal: chunks.length,
        start,
        end,
        text: chunkText,
        tokens: packed.tokens[i] ?? tokenizer.count(chunkText),
        headings,
      });
    });
  }
  return chunks;
}
