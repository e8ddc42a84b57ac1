import { describe, expect, it } from 'vitest';
import { splitSections } from '../../src/chunking/sections.js';

function headingsAndText(text: string) {
  return splitSections(text).map((s) => [s.headings, text.slice(s.start, s.end)]);
}

describe('splitSections', () => {
  it('tracks the heading path and keeps the preamble as a section without headings', () => {
    const text = 'Preface text.\n\n# Rivers\n\nRivers carve valleys.\n\n## Deltas\n\nDeltas form at mouths.\n\n# Lakes\n\nLakes are still.\n';
    expect(headingsAndText(text)).toEqual([
      [[], 'Preface text.\n\n'],
      [['Rivers'], '# Rivers\n\nRivers carve valleys.\n\n'],
      [['Rivers', 'Deltas'], '## Deltas\n\nDeltas form at mouths.\n\n'],
      [['Lakes'], '# Lakes\n\nLakes are still.\n'],
    ]);
  });

  it('joins a heading without body to the deeper heading after it', () => {
    const text = '# Weather\n\n## Clouds\n\nCumulus clouds are puffy.\n\n## Rain\n\n# Climate\n\nClimate is weather averaged.';
    expect(headingsAndText(text)).toEqual([
      [['Weather', 'Clouds'], '# Weather\n\n## Clouds\n\nCumulus clouds are puffy.\n\n'],
      [['Weather', 'Rain'], '## Rain\n\n'],
      [['Climate'], '# Climate\n\nClimate is weather averaged.'],
    ]);
  });

  it('ignores # lines in code fences and reads setext headings', () => {
    const text = 'Shell basics\n============\n\n```sh\n# a comment, not a heading\nls\n```\n\nUsage\n-----\n\nRun it.';
    expect(splitSections(text).map((s) => s.headings)).toEqual([['Shell basics'], ['Shell basics', 'Usage']]);
  });

  it('returns one headless section for text without headings and none for whitespace', () => {
    expect(splitSections('Just a paragraph.\n\nAnd another.')).toEqual([{ start: 0, end: 31, headings: [] }]);
    expect(splitSections(' \n\n ')).toEqual([]);
  });
});
