import type { StatementSupport } from '../../src/llm/tasks.js';
import type { ReferenceSpan } from '../../src/testset/sample.js';
import type { ContextNode } from '../record.js';
import { locateQuote } from './locate.js';

/**
 * The verifier's quotes → where they are. Each quote is looked for in the context the model
 * named first and in the others after (models miscount contexts more often than they
 * misquote), and becomes a span in document offsets: the chunk's start plus the offset in
 * the chunk, so `document.text.slice(start, end)` is the supporting text.
 */

export interface SupportFindings {
  /** Statements with no located quote, as the model wrote them. */
  unsupported: string[];
  /** Which contexts (0-based) support at least one statement. */
  contextsUsed: Set<number>;
  /** In context order, then document order; overlapping spans merged. */
  spans: ReferenceSpan[];
}

function searchOrder(named: number, count: number): number[] {
  const first = Number.isInteger(named) && named >= 1 && named <= count ? [named - 1] : [];
  return [...first, ...Array.from({ length: count }, (_, i) => i).filter((i) => i !== first[0])];
}

function mergeSpans(spans: (ReferenceSpan & { context: number })[]): ReferenceSpan[] {
  const sorted = [...spans].sort((a, b) => a.context - b.context || a.start - b.start || a.end - b.end);
  const merged: (ReferenceSpan & { context: number })[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.chunk_id === span.chunk_id && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged.map(({ chunk_id, document_id, start, end }) => ({ chunk_id, document_id, start, end }));
}

export function locateSupport(statements: readonly StatementSupport[], contexts: readonly ContextNode[]): SupportFindings {
  const unsupported: string[] = [];
  const contextsUsed = new Set<number>();
  const spans: (ReferenceSpan & { context: number })[] = [];
  for (const statement of statements) {
    let supported = false;
    for (const { context: named, quote } of statement.quotes) {
      for (const index of searchOrder(named, contexts.length)) {
        const { chunk } = contexts[index] as ContextNode;
        const found = locateQuote(chunk.text, quote);
        if (!found) continue;
        supported = true;
        contextsUsed.add(index);
        for (const piece of found) {
          spans.push({ chunk_id: chunk.id, document_id: chunk.documentId, start: chunk.start + piece.start, end: chunk.start + piece.end, context: index });
        }
        break;
      }
    }
    if (!supported) unsupported.push(statement.statement);
  }
  return { unsupported, contextsUsed, spans: mergeSpans(spans) };
}
