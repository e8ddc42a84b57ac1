import { describe, expect, it } from 'vitest';
import { canonicalEntityKey } from '../../graph/builder/entities.js';
import { resolveChunkEntities, resolveEntities, type ResolvableChunk } from '../../graph/builder/resolve-entities.js';

/**
 * Entity resolution on the name variants real models wrote for the example corpus: a 0.5B
 * model behind an OpenAI-compatible server and SmolLM2-135M in-process named the Rosetta
 * Stone three ways, and Champollion with and without his first names and once misspelt.
 */
const chunk = (text: string, names: string[]): ResolvableChunk => ({ text, entities: names.map((name) => ({ name, key: canonicalEntityKey(name) })) });

const TEXT = 'The stone was found in 1799 near Rashid, not on an island. A young officer saw that the museum would want its decree and the church its text.';

function groupOf(chunks: ResolvableChunk[], name: string): string {
  const { keyOf } = resolveEntities(chunks);
  const key = canonicalEntityKey(name);
  return keyOf.get(key) ?? key;
}

describe('resolveEntities', () => {
  it('joins the surface variants a small model writes for one entity', () => {
    const chunks = [
      chunk(TEXT, ['Rosetta Stone', 'Ptolemy V']),
      chunk(TEXT, ['the Rosetta stone', 'British Museum']),
      chunk(TEXT, ['Rosetta', 'Jean-François Champollion']),
      chunk(TEXT, ['Champollion', 'BM']),
      chunk(TEXT, ['Champolion', 'Ptolemy V Epiphanes']),
      chunk(TEXT, ['island of Philae', 'Philae']),
    ];
    expect(groupOf(chunks, 'Rosetta')).toBe('rosetta stone');
    expect(groupOf(chunks, 'the Rosetta stone')).toBe('rosetta stone');
    expect(groupOf(chunks, 'Champollion')).toBe(groupOf(chunks, 'Jean-François Champollion'));
    expect(groupOf(chunks, 'Champolion')).toBe(groupOf(chunks, 'Jean-François Champollion'));
    expect(groupOf(chunks, 'BM')).toBe('british museum');
    expect(groupOf(chunks, 'Ptolemy V')).toBe(groupOf(chunks, 'Ptolemy V Epiphanes'));
    expect(groupOf(chunks, 'Philae')).toBe(groupOf(chunks, 'island of Philae'));
    expect(resolveEntities(chunks).joined).toBe(6);
  });

  it('keeps common nouns, other numerals, ambiguous parts and acronyms, and longer things apart', () => {
    const chunks = [
      chunk(TEXT, ['British Museum', 'Museum', 'Thomas Young', 'Young']),
      chunk(TEXT, ['Ptolemy IV', 'Ptolemy V', 'Ptolemy']),
      chunk(TEXT, ['United Nations', 'Universal Notation', 'UN']),
      chunk(TEXT, ['Rosetta Stone', 'Rosetta Stone decree', 'Stone']),
      chunk(TEXT, ['Capitulation of Alexandria', 'Alexandria', 'Coptic church', 'Coptic']),
    ];
    const { keyOf, joined } = resolveEntities(chunks);
    expect(joined).toBe(0);
    for (const [key, group] of keyOf) expect(group).toBe(key);
  });

  it('joins an acronym only when it is written in capitals', () => {
    expect(groupOf([chunk(TEXT, ['British Museum']), chunk(TEXT, ['BM'])], 'BM')).toBe('british museum');
    expect(groupOf([chunk(TEXT, ['British Museum']), chunk(TEXT, ['bm'])], 'bm')).toBe('bm');
  });

  it('names each group by the key most chunks use', () => {
    const chunks = [chunk(TEXT, ['Champollion']), chunk(TEXT, ['Champollion']), chunk(TEXT, ['Jean-François Champollion'])];
    expect(groupOf(chunks, 'Jean-François Champollion')).toBe('champollion');
  });
});

describe('resolveChunkEntities', () => {
  const node = (id: string, names: string[]) => ({ id, status: 'extracted', ...chunk(TEXT, names) });

  it('rewrites the keys of the chunks whose mentions joined a group, and only those', () => {
    const chunks = [node('a', ['Rosetta Stone']), node('b', ['Rosetta']), node('c', ['Thomas Young'])];
    const first = resolveChunkEntities(chunks);
    expect(first.chunks.map((c) => c.entities.map((e) => e.key))).toEqual([['rosetta stone'], ['rosetta stone'], ['thomas young']]);
    expect(first.changed.map((c) => c.id)).toEqual(['b']);
    expect(first.chunks[0]).toBe(chunks[0]);
    // Stored keys are resolved ones; resolving again starts from the names and changes nothing.
    const again = resolveChunkEntities(first.chunks);
    expect(again.changed).toEqual([]);
    expect(again.joined).toBe(1);
  });

  it('regroups from the names when the corpus changes', () => {
    const first = resolveChunkEntities([node('a', ['Rosetta Stone']), node('b', ['Rosetta'])]);
    const grown = resolveChunkEntities([...first.chunks, node('c', ['Rosetta Museum'])]);
    // "Rosetta" is now a part of two longer names: ambiguous, so it stands alone again.
    expect(grown.chunks.map((c) => c.entities[0]?.key)).toEqual(['rosetta stone', 'rosetta', 'rosetta museum']);
    expect(grown.changed.map((c) => c.id)).toEqual(['b']);
  });
});
