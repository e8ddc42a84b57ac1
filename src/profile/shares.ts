import { z } from 'zod';

/**
 * A share of a sample with its 95 % Wilson score interval: honest for small samples and for
 * shares near 0 or 1, where the normal approximation gives intervals outside [0, 1].
 */

export const Share = z.object({
  count: z.number().int().min(0),
  share: z.number().min(0).max(1),
  /** 95 % Wilson interval. */
  low: z.number().min(0).max(1),
  high: z.number().min(0).max(1),
});
export type Share = z.infer<typeof Share>;

const Z95 = 1.959963984540054;
const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function wilson(count: number, total: number): Share {
  if (total <= 0) return { count, share: 0, low: 0, high: 1 };
  const p = count / total;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (Z95 / (1 + z2 / total)) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return { count, share: round(p), low: round(Math.max(0, centre - half)), high: round(Math.min(1, centre + half)) };
}

/** Shares of every label (in `labels` order, then any other label seen, sorted). */
export function sharesOf(values: readonly string[], labels: readonly string[] = []): Record<string, Share> {
  const counts = new Map<string, number>(labels.map((label) => [label, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const order = [...labels, ...[...counts.keys()].filter((label) => !labels.includes(label)).sort()];
  return Object.fromEntries(order.map((label) => [label, wilson(counts.get(label) ?? 0, values.length)]));
}
