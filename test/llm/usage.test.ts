import { describe, expect, it } from 'vitest';
import { renderUsageTable } from '../../src/cli/usage-table.js';
import { createUsageLedger, DEFAULT_PRICES, priceFor } from '../../src/llm/usage.js';

describe('usage ledger', () => {
  it('prices dated snapshots by their family and leaves unknown models at 0, listing them', () => {
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-2024-08-06')).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(priceFor(DEFAULT_PRICES, 'llama3.1:8b')).toBeUndefined();

    const ledger = createUsageLedger();
    ledger.recordCall('extract', 'gpt-4o-mini', { promptTokens: 1_000_000, completionTokens: 500_000 });
    ledger.recordCall('extract', 'gpt-4o-mini', { promptTokens: 0, completionTokens: 500_000 });
    ledger.recordCacheHit('extract', 3);
    ledger.recordFailure('extract');
    ledger.recordRetry('extract');
    ledger.recordRetry('extract');
    ledger.recordTimeout('extract');
    ledger.recordRepair('extract');
    ledger.recordCall('embed', 'text-embedding-3-small', { promptTokens: 2_000_000, completionTokens: 0 });
    ledger.recordCall('synthesize', 'llama3.1:8b', { promptTokens: 10, completionTokens: 10 });
    const report = ledger.report();
    expect(report.stages.extract).toEqual({
      calls: 2, cacheHits: 3, failures: 1, retries: 2, timeouts: 1, repairs: 1, promptTokens: 1_000_000, completionTokens: 1_000_000, costUsd: 0.75,
    });
    expect(report.stages.embed?.costUsd).toBeCloseTo(0.04);
    expect(report.stages.synthesize?.costUsd).toBe(0);
    expect(report.total).toMatchObject({ calls: 4, cacheHits: 3, failures: 1, retries: 2, timeouts: 1, repairs: 1, promptTokens: 3_000_010 });
    expect(report.total.costUsd).toBeCloseTo(0.79);
    expect(report.unpricedModels).toEqual(['llama3.1:8b']);
    expect(Object.keys(report.stages)).toEqual(['extract', 'embed', 'synthesize']);
  });

  it('renders a table with a total row and a note about unpriced models', () => {
    const ledger = createUsageLedger({ 'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 2 } });
    ledger.recordCall('extract', 'gpt-4o-mini', { promptTokens: 1000, completionTokens: 500 });
    ledger.recordCall('repair', 'mystery-model', { promptTokens: 10, completionTokens: 5 });
    ledger.recordRetry('extract');
    ledger.recordTimeout('extract');
    ledger.recordRepair('extract');
    const lines = renderUsageTable(ledger.report()).split('\n');
    expect(lines[0]).toMatch(/^stage\s+calls\s+cache hits\s+failures\s+retries\s+timeouts\s+repairs\s+prompt tokens\s+completion tokens\s+cost \(USD\)$/);
    expect(lines[2]).toMatch(/^extract\s+1\s+0\s+0\s+1\s+1\s+1\s+1000\s+500\s+0\.0020$/);
    expect(lines[4]).toMatch(/^total\s+2\s+0\s+0\s+1\s+1\s+1\s+1010\s+505\s+0\.0020$/);
    expect(lines[5]).toBe('no price known for mystery-model: counted as $0 (pass --prices <file> to set one)');
  });
});
