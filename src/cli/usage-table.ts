import { renderTable } from './table.js';
import type { StageUsage, UsageReport } from '../llm/types.js';

/** The usage report as the table the CLI prints after `build` and `generate`. */
const HEADERS = ['stage', 'calls', 'cache hits', 'failures', 'retries', 'timeouts', 'repairs', 'prompt tokens', 'completion tokens', 'cost (USD)'];

function row(name: string, usage: StageUsage): (string | number)[] {
  return [
    name,
    usage.calls,
    usage.cacheHits,
    usage.failures,
    usage.retries,
    usage.timeouts,
    usage.repairs,
    usage.promptTokens,
    usage.completionTokens,
    usage.costUsd.toFixed(4),
  ];
}

export function renderUsageTable(report: UsageReport): string {
  const rows = Object.entries(report.stages).map(([stage, usage]) => row(stage, usage));
  const table = renderTable(HEADERS, [...rows, row('total', report.total)]);
  const unpriced = report.unpricedModels ?? [];
  if (unpriced.length === 0) return table;
  return `${table}\nno price known for ${unpriced.join(', ')}: counted as $0 (pass --prices <file> to set one)`;
}
