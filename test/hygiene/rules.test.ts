import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/chunking/chunk.js';
import type { Document } from '../../src/documents/document.js';
import { contentId } from '../../src/hash.js';
import { cleanDocuments } from '../../src/hygiene/clean.js';
import { mergeNearDuplicateChunks } from '../../src/hygiene/near-duplicate-chunks.js';
import { indexReason } from '../../src/hygiene/index-pages.js';
import { createTermFilter, intrinsicRule } from '../../src/hygiene/terms.js';
import { wordHashes } from '../../src/hygiene/words.js';

const PROSE = [
  'The queen lays eggs in the cells of the brood nest, and the workers feed the larvae for six days before they cap the cells.',
  'Foragers return with nectar, which house bees pass from mouth to mouth and spread in thin layers so that water evaporates.',
  'Propolis is a resin the bees collect from buds; they seal cracks with it and coat the inside of the cavity against fungi.',
  'In autumn the colony stops raising drones and drives the remaining ones out, so that no stores are spent on them in winter.',
];

function pdf(pages: string[]): Document {
  let text = '';
  const ranges = pages.map((page, i) => {
    if (text) text += '\n\n';
    const start = text.length;
    text += page;
    return { page: i + 1, start, end: text.length };
  });
  return { id: contentId('doc', text), source: 'manual.pdf', title: 'manual', format: 'pdf', metadata: { pages: ranges }, text };
}

describe('PDF pages', () => {
  it('excludes table-of-contents and index pages (dot leaders), page numbers and running headers', () => {
    const toc = 'Table of Contents\n\n1 Colony Life . . . . . . . . . . . . 1\n\n2 Swarming . . . . . . . . . . . . . 2\n\n3 Winter . . . . . . . . . . . . 3';
    const body = PROSE.map((paragraph, i) => `Chapter ${i + 1}: Bees ${i + 10}\n\n${paragraph}\n\n${i + 10}`);
    const index = 'Index\n\ncluster . . . . . . . . 3 drones . . . . . . . . 1, 4 propolis . . . . . . . . 2 queen cells . . . . . 2';
    const document = pdf([toc, ...body, index]);
    const { documents, report } = cleanDocuments([document]);
    const excluded = (documents[0]?.excluded ?? []).map((span) => [span.reason, document.text.slice(span.start, span.end)]);
    expect(excluded.filter(([reason]) => reason === 'index').map(([, text]) => text)).toEqual([toc, index]);
    const boilerplate = excluded.filter(([reason]) => reason === 'boilerplate').map(([, text]) => text);
    expect(boilerplate).toContain('Chapter 1: Bees 10');
    expect(boilerplate).toContain('13');
    expect(boilerplate.join('\n')).not.toContain('queen lays');
    expect(report.indexPages.pages).toBe(2);
  });
});

describe('pages about the site itself', () => {
  // Written after the kind of page manual generators add: what each navigation button does.
  const BUTTONS = [
    'About this handbook. The buttons at the top of each page take you through the handbook.',
    'Back: the previous section in reading order. Next: the next section in reading order.',
    'Up: the section above this one. Top: the cover page of the handbook. Contents: the table of contents.',
    'Index: the index of the handbook. About: this page. Go to the previous chapter or the next chapter from any section.',
    'From section 2.3 the Back button goes to section 2.2, the Next button to section 2.4 and the Up button to chapter 2.',
  ].join('\n');

  it('skips a page whose words are mostly about navigating the site, with the share in the reason', () => {
    expect(indexReason(BUTTONS, wordHashes(BUTTONS), undefined)).toMatch(/^a page about the site's navigation \(\d+% navigation words\)$/);
  });

  it('keeps content that mentions sections, chapters and the next step', () => {
    const prose = `${PROSE.join(' ')} See the next section for the spring inspection; chapter 4 covers swarming, and the index lists every disease.`;
    expect(indexReason(prose, wordHashes(prose), undefined)).toBeUndefined();
    const buttons = 'Next section. Previous section. Up. Top. Index.';
    expect(indexReason(buttons, wordHashes(buttons), undefined)).toBeUndefined();
  });
});

describe('near-duplicate chunks', () => {
  const chunk = (text: string, documentId: string): Chunk => ({
    id: contentId('chunk', text), documentId, ordinal: 0, start: 0, end: text.length, text, tokens: 40, headings: [],
  });

  it('merges the later of two chunks whose word overlap reaches the threshold, and keeps distinct chunks', () => {
    const original = `${PROSE[0]} ${PROSE[1]}`;
    const copy = `${PROSE[0]} ${PROSE[1]?.replace('thin layers', 'thin, even layers')}`;
    const chunks = [chunk(original, 'doc_a'), chunk(PROSE[2] as string, 'doc_a'), chunk(copy, 'doc_b'), chunk(PROSE[3] as string, 'doc_b')];
    const { chunks: kept, merged } = mergeNearDuplicateChunks(chunks, 0.8);
    expect(kept.map((c) => c.text)).toEqual([original, PROSE[2], PROSE[3]]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.keptId).toBe(chunks[0]?.id);
    expect(merged[0]?.jaccard).toBeGreaterThanOrEqual(0.8);
    expect(mergeNearDuplicateChunks(chunks, 0.99).merged).toEqual([]);
  });
});

describe('bridge and persona terms', () => {
  it('rejects letters, option letters, numbers, punctuation runs, letter bars and navigation words', () => {
    for (const key of ['f', '-L', '104', '14.1.2', 'ii', '--', 'f g h', 'a b c d', 'za z']) expect(intrinsicRule(key), key).toBe('non_content');
    for (const key of ['Index', 'contents', 'Top', 'next', 'Prev', 'table of contents', 'see section', 'Chapter']) expect(intrinsicRule(key), key).toBe('navigation');
    for (const key of ['zle widget', 'Langstroth hive', 'queen', 'C++', 'globbing']) expect(intrinsicRule(key), key).toBeUndefined();
  });

  it('rejects terms found in a large share of chunks, and counts what each rule removed', () => {
    const chunks = Array.from({ length: 400 }, (_, i) => ['file', `topic ${i % 50}`, ...(i % 7 === 0 ? ['index'] : []), ...(i === 3 ? ['-L'] : [])]);
    const filter = createTermFilter(chunks);
    expect(filter.rule('file')).toBe('frequent');
    expect(filter.rule('topic 1')).toBeUndefined();
    expect(filter.removed()).toEqual({ non_content: 1, navigation: 1, frequent: 1 });
    // A small corpus repeats its subject: nothing is "frequent" below the minimum count.
    expect(createTermFilter([['bees'], ['bees'], ['bees', 'wax']]).rule('bees')).toBeUndefined();
  });
});
