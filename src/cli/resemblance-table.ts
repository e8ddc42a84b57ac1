import type { Resemblance } from '../profile/resemblance.js';
import { renderTable } from './table.js';

/** The resemblance of a testset to real queries: distances, then shares side by side. */
export function renderResemblance(r: Resemblance): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const rows = Object.entries({ length: r.length.buckets, formulation: r.formulation, ...(r.categories ?? {}) }).flatMap(([what, shares]) =>
    Object.entries(shares).map(([label, s]) => [what, label, percent(s.profile), percent(s.testset)]),
  );
  const embedding = r.embedding ? `; mean-vector cosine distance ${r.embedding.cosine_distance} (${r.embedding.model})` : '';
  return [
    `resemblance to ${r.queries} real queries: length KS ${r.length.ks}, Wasserstein ${r.length.wasserstein} words (mean ${r.length.profile_mean} real vs ${r.length.testset_mean} testset)${embedding}`,
    renderTable(['', 'label', 'real queries', 'testset'], rows),
    ...r.notes,
  ].join('\n');
}
