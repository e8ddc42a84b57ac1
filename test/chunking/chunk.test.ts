import { beforeAll, describe, expect, it } from 'vitest';
import { Chunk } from '../../src/chunking/chunk.js';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { chunkDocuments } from '../../src/chunking/chunk-documents.js';
import { countTokens } from '../../src/chunking/tokens.js';
import type { Document } from '../../src/documents/document.js';
import { loadDocuments } from '../../src/documents/load.js';
import { contentId } from '../../src/hash.js';

const CORPUS = 'test/fixtures/documents/corpus';

function makeDocument(text: string): Document {
  return { id: contentId('doc', text), source: 'inline', title: 'inline', format: 'markdown', metadata: {}, text };
}

/** The invariants every chunk of every document must satisfy. */
function expectValidChunks(document: Document, chunks: Chunk[], maxTokens: number): void {
  chunks.forEach((chunk, i) => {
    expect(Chunk.parse(chunk)).toEqual(chunk);
    expect(document.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.tokens).toBe(countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(maxTokens);
    expect(chunk.id).toBe(contentId('chunk', chunk.text));
    expect(chunk.documentId).toBe(document.id);
    expect(chunk.ordinal).toBe(i);
  });
}

describe('chunkDocument on real documents', () => {
  let documents: Document[];
  const doc = (name: string) => documents.find((d) => d.source.endsWith(name)) as Document;
  beforeAll(async () => {
    documents = (await loadDocuments([CORPUS])).documents;
  });

  it('keeps every chunk within maxTokens with offsets that slice the document exactly', () => {
    for (const maxTokens of [32, 128, 512]) {
      for (const document of documents) {
        expectValidChunks(document, chunkDocument(document, { maxTokens, overlapTokens: Math.floor(maxTokens / 4) }), maxTokens);
      }
    }
  });

  it('starts a chunk at every heading when sections are too big to merge, with the heading path', () => {
    const tcp = doc('tcp-congestion-control.md');
    const chunks = chunkDocument(tcp, { maxTokens: 128, overlapTokens: 16 });
    const headingOffsets = [...tcp.text.matchAll(/^#+ .*$/gm)].map((m) => m.index);
    const starts = new Set(chunks.map((c) => c.start));
    for (const offset of headingOffsets) expect(starts.has(offset)).toBe(true);
    const fast = chunks.find((c) => c.text.startsWith('### Fast retransmit'));
    expect(fast?.headings).toEqual(['How TCP Congestion Control Works', 'Congestion avoidance', 'Fast retransmit and fast recovery']);
    // A chunk never holds the end of one section and the start of the next.
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/\n#+ /);
  });

  it('merges whole small sections into one chunk headed by their common path', () => {
    const html = doc('water-treatment.html');
    const chunks = chunkDocument(html, { maxTokens: 512 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headings).toEqual(['How Drinking Water Is Treated']);
    expect(chunks[0]?.text).toBe(html.text.trim());
  });

  it('overlaps consecutive chunks of one section by whole sentences, within overlapTokens', () => {
    const press = doc('printing-press.txt');
    const chunks = chunkDocument(press, { maxTokens: 64, overlapTokens: 24 });
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1] as Chunk;
      const current = chunks[i] as Chunk;
      expect(current.start).toBeGreaterThan(previous.start);
      expect(current.end).toBeGreaterThan(previous.end);
      if (current.start < previous.end) {
        overlaps++;
        const shared = press.text.slice(current.start, previous.end);
        expect(countTokens(shared)).toBeLessThanOrEqual(24 + 1);
        expect(press.text.slice(0, current.start)).toMatch(/[.!?]\s+$/);
      }
    }
    expect(overlaps).toBeGreaterThan(0);
    const disjoint = chunkDocument(press, { maxTokens: 64, overlapTokens: 0 });
    for (let i = 1; i < disjoint.length; i++) expect(disjoint[i]?.start).toBeGreaterThanOrEqual(disjoint[i - 1]?.end ?? 0);
  });

  it('prefers to end chunks at paragraph and sentence ends over filling up', () => {
    const press = doc('printing-press.txt');
    for (const chunk of chunkDocument(press, { maxTokens: 160, overlapTokens: 0 })) expect(chunk.text).toMatch(/[.!?]$/);
    const paragraphEnds = chunkDocument(press, { maxTokens: 200, overlapTokens: 0 }).map((c) => press.text.slice(c.end, c.end + 2));
    expect(paragraphEnds.filter((after) => after === '\n\n' || after === '\n').length).toBeGreaterThanOrEqual(paragraphEnds.length - 1);
  });

  it('is deterministic', () => {
    const tcp = doc('tcp-congestion-control.md');
    expect(chunkDocument(tcp, { maxTokens: 100, overlapTokens: 20 })).toEqual(chunkDocument(tcp, { maxTokens: 100, overlapTokens: 20 }));
  });
});

describe('chunkDocument edge cases', () => {
  it('a document shorter than one chunk is one chunk without its surrounding whitespace', () => {
    const document = makeDocument('\n\n  Ice floats because it is less dense than liquid water.  \n');
    const chunks = chunkDocument(document);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ start: 4, text: 'Ice floats because it is less dense than liquid water.', headings: [] });
  });

  it('a whitespace-only or empty document has no chunks', () => {
    expect(chunkDocument(makeDocument(' \n\t\n '))).toEqual([]);
    expect(chunkDocument(makeDocument(''))).toEqual([]);
  });

  it('splits text without spaces by tokens, without breaking surrogate pairs', () => {
    const base64ish = Array.from({ length: 3000 }, (_, i) => 'QmFzZTY0IGJsb2Jz'[i % 16]).join('');
    const emoji = '🌋🏔️🌊👩‍🔬'.repeat(200);
    const cjk = '活字印刷術は十一世紀の中国で畢昇が発明したとされる'.repeat(40);
    for (const text of [base64ish, emoji, cjk]) {
      const document = makeDocument(text);
      const chunks = chunkDocument(document, { maxTokens: 40, overlapTokens: 0 });
      expectValidChunks(document, chunks, 40);
      expect(chunks.length).toBeGreaterThan(5);
      expect(chunks.map((c) => c.text).join('')).toBe(text);
      for (const chunk of chunks) expect(Buffer.from(chunk.text, 'utf8').toString('utf8'), 'lone surrogate').toBe(chunk.text);
    }
  });

  it('splits 12,500 characters of unpunctuated CJK into exact windows (quadratic before)', () => {
    const text = '活字印刷術は十一世紀の中国で畢昇が発明したとされる'.repeat(500);
    const document = makeDocument(text);
    const chunks = chunkDocument(document, { maxTokens: 512, overlapTokens: 0 });
    expectValidChunks(document, chunks, 512);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    expect(chunks.filter((c) => c.tokens < 500)).toHaveLength(1);
  });

  it('splits a huge unpunctuated line at words', () => {
    const words = Array.from({ length: 600 }, (_, i) => ['magma', 'rises', 'through', 'the', 'crust'][i % 5]).join(' ');
    const document = makeDocument(words);
    const chunks = chunkDocument(document, { maxTokens: 50, overlapTokens: 10 });
    expectValidChunks(document, chunks, 50);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^(magma|rises|through|the|crust)( |$)/);
  });

  it('rejects inconsistent options', () => {
    expect(() => chunkDocument(makeDocument('text'), { maxTokens: 100, overlapTokens: 60 })).toThrow(/at most half/);
    expect(() => chunkDocument(makeDocument('text'), { maxTokens: 8 })).toThrow();
  });
});

describe('chunkDocuments', () => {
  const licence = '# Licence\n\nThis guide may be copied and shared freely for teaching, provided the authors are credited.';
  const a = makeDocument(`${licence}\n\n# Aurora\n\nAuroras appear when charged particles from the Sun strike the upper atmosphere near the poles.`);
  const b = makeDocument(`${licence}\n\n# Eclipses\n\nA solar eclipse happens when the Moon passes between the Sun and the Earth and blocks its light.`);

  it('stores identical chunk texts once, first occurrence wins, and counts the duplicates', () => {
    const { chunks, duplicates } = chunkDocuments([a, b], { maxTokens: 24, overlapTokens: 0 });
    expect(duplicates).toBe(1);
    const licenceChunks = chunks.filter((c) => c.text.startsWith('# Licence'));
    expect(licenceChunks).toHaveLength(1);
    expect(licenceChunks[0]?.documentId).toBe(a.id);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    expect(chunks.filter((c) => c.documentId === b.id).map((c) => c.ordinal)).toEqual([1]);
  });

  it('reports progress per document', () => {
    const events: string[] = [];
    chunkDocuments([a, b], { onProgress: (e) => events.push(`${e.stage} ${e.done}/${e.total}`) });
    expect(events).toEqual(['chunk 1/2', 'chunk 2/2']);
  });
});
