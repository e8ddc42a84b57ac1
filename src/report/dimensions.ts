import type { Sample } from '../testset/sample.js';

/**
 * The categorical dimensions of a testset, requested vs achieved. The four planned ones
 * always appear; any other label a sample records (difficulty, a verification verdict, a
 * review status…) is found by shape: a text or yes/no field, or one inside an object field.
 */

export interface DimensionRow {
  value: string;
  /** Planned count; null when the run did not record a plan for this dimension. */
  requested: number | null;
  achieved: number;
}

export interface Dimension {
  /** Sample field (dotted inside an object), e.g. `query_style` or `verification.grounded`. */
  field: string;
  rows: DimensionRow[];
}

/** What the run planned: counts per label, and the labels it offered (which may get 0 samples). */
export interface DimensionPlan {
  requested?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  offered?: Readonly<Record<string, readonly string[]>>;
}

export const PLANNED_FIELDS = ['synthesizer_name', 'query_style', 'query_length', 'persona_name'] as const;
/** Free text, ids and lists: never a dimension. */
const NOT_LABELS = new Set(['id', 'user_input', 'reference', 'reference_contexts', 'reference_context_ids', 'provenance', 'generation', 'bridge']);
/** Inside an object field, these are audit data rather than labels. */
const NOT_SUBLABELS = new Set(['model', 'prompt_hash', 'at', 'note', 'original', 'seed']);

function label(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value === null) return 'none';
  return undefined;
}

/** `field → label` for one sample: the planned fields plus every other label-shaped field. */
export function labelsOf(sample: Sample): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [field, value] of Object.entries(sample as Record<string, unknown>)) {
    if (NOT_LABELS.has(field) || value === undefined) continue;
    const own = label(value);
    if (own !== undefined) labels.set(field, own);
    else if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        const innerLabel = NOT_SUBLABELS.has(key) ? undefined : label(inner);
        if (innerLabel !== undefined) labels.set(`${field}.${key}`, innerLabel);
      }
    }
  }
  return labels;
}

export function dimensions(samples: readonly Sample[], plan: DimensionPlan = {}): Dimension[] {
  const counts = new Map<string, Map<string, number>>(PLANNED_FIELDS.map((field) => [field, new Map()]));
  for (const sample of samples) {
    for (const [field, value] of labelsOf(sample)) {
      const byValue = counts.get(field) ?? new Map<string, number>();
      counts.set(field, byValue);
      byValue.set(value, (byValue.get(value) ?? 0) + 1);
    }
  }
  return [...counts.entries()].map(([field, achieved]) => {
    const requested = plan.requested?.[field];
    const values = [...new Set([...Object.keys(requested ?? {}), ...(plan.offered?.[field] ?? []), ...achieved.keys()])];
    return {
      field,
      rows: values.map((value) => ({ value, requested: requested ? (requested[value] ?? 0) : null, achieved: achieved.get(value) ?? 0 })),
    };
  });
}
