import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/documents/document.js';
import { findBoilerplate } from '../../src/hygiene/boilerplate.js';

function page(i: number, body: string): Document {
  return { id: `doc_${i}`, source: `page-${i}.html`, title: `Page ${i}`, format: 'html', metadata: {}, text: body } as Document;
}

describe('findBoilerplate headings', () => {
  it('drops a heading when everything under it, up to the next heading or the end, is boilerplate, and keeps it otherwise', () => {
    const documents = [0, 1, 2, 3, 4].map((i) =>
      page(
        i,
        [
          `# Page ${i} about topic ${'abcde'[i]}`,
          '## Navigation',
          'Prev | Up | Next',
          '',
          'Home | Index',
          `## Details`,
          'Prev | Up | Next',
          `Unique text ${'vwxyz'[i]} of this page only.`,
          '   ## Footer',
          '\tHome | Index',
          '',
        ].join('\n'),
      ),
    );
    const spans = findBoilerplate(documents, { minShare: 0.5, minDocuments: 2 });
    for (const [i, document] of documents.entries()) {
      const removed = (spans[i] ?? []).map((span) => document.text.slice(span.start, span.end));
      expect(removed).toEqual(['## Navigation', 'Prev | Up | Next', 'Home | Index', 'Prev | Up | Next', '   ## Footer', '\tHome | Index']);
    }
  });
});
