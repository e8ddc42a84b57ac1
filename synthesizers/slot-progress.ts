/**
 * How far the synthesize stage is, for the progress line: each block of slots reports its own
 * progress (run.ts) and the line sums the blocks. Apart from the slot loop because it only
 * reads what the blocks report.
 */

/** Where one block of slots stands: slots filled or being judged, candidates judged, rejections per reason. */
export interface SlotProgress {
  done: number;
  judged: number;
  rejections: Readonly<Record<string, number>>;
}

/** `12 candidates judged, 9 rejected (ungrounded 6, unanswerable 3)`; nothing until a candidate is rejected. */
export function rejectionDetail(blocks: Iterable<SlotProgress>): string | undefined {
  let judged = 0;
  const byCode = new Map<string, number>();
  for (const block of blocks) {
    judged += block.judged;
    for (const [code, count] of Object.entries(block.rejections)) byCode.set(code, (byCode.get(code) ?? 0) + count);
  }
  const rejected = [...byCode.values()].reduce((sum, count) => sum + count, 0);
  if (rejected === 0) return undefined;
  const reasons = [...byCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, count]) => `${code} ${count}`);
  return `${judged} candidates judged, ${rejected} rejected (${reasons.join(', ')})`;
}
