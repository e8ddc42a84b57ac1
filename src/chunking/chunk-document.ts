import type { Document } from '../documents/document.js';
import { contentId } from '../hash.js';
import { atomize } from './atoms.js';
import type { Chunk } from './chunk.js';
import { ChunkOptions, type ChunkOptionsInput } from './options.js';
import { packAtoms } from './pack.js';
import { splitSections, type Section } from './sections.js';
import { getTokenizer } from './tokens.js';

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

/**
 * Splits one document into chunks of at most `maxTokens` tokens, at headings first, then
 * paragraphs, sentences, lines, words and, as a last resort, token windows. Every chunk
 * satisfies `document.text.slice(start, end) === text` and has no surrounding whitespace;
 * a whitespace-only document has no chunks.
 */
export function chunkDocument(document: Document, options: ChunkOptionsInput | ChunkOptions = {}): Chunk[] {
  const { maxTokens, overlapTokens, encoding } = ChunkOptions.parse(options);
  const tokenizer = getTokenizer(encoding);
  const { text } = document;
  const sections: Section[] = splitSections(text);
  const atoms = atomize(text, sections, maxTokens, tokenizer);
  const slice = (first: number, last: number) => text.slice(atoms[first]?.start ?? 0, atoms[last]?.end ?? 0);
  const { spans, tokens } = packAtoms(atoms, maxTokens, overlapTokens, ({ first, last }) =>
    tokenizer.count(slice(first, last)),
  );
  return spans.map(({ first, last }, ordinal) => {
    const start = atoms[first]?.start ?? 0;
    const end = atoms[last]?.end ?? 0;
    const chunkText = text.slice(start, end);
    const sectionIndexes = new Set(atoms.slice(first, last + 1).map((atom) => atom.section));
    const headings = commonPrefix([...sectionIndexes].map((i) => sections[i]?.headings ?? []));
    return {
      id: contentId('chunk', chunkText),
      documentId: document.id,
      ordinal,
      start,
      end,
      text: chunkText,
      tokens: tokens[ordinal] ?? tokenizer.count(chunkText),
      headings,
    };
  });
}
