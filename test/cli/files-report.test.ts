import { describe, expect, it } from 'vitest';
import type { IngestFileSummary } from '../../src/chunking/ingest.js';
import { renderFormatsTable } from '../../src/cli/files-report.js';

describe('files report', () => {
  it('totals a large corpus per format, formats in order', () => {
    const files: IngestFileSummary[] = [
      { source: 'a.html', format: 'html', documents: 1, chunks: 3, tokens: 900 },
      { source: 'b.md', format: 'markdown', documents: 1, chunks: 1, tokens: 120 },
      { source: 'c.html', format: 'html', documents: 1, chunks: 2, tokens: 500 },
    ];
    expect(renderFormatsTable(files).split('\n')).toEqual([
      'format    files  documents  chunks  tokens',
      '--------  -----  ---------  ------  ------',
      'html          2          2       5    1400',
      'markdown      1          1       1     120',
    ]);
  });
});
