import type { HygieneReport } from '../hygiene/clean.js';
import type { SkipKind } from '../hygiene/stubs.js';
import type { TermRule } from '../hygiene/terms.js';

/** The hygiene summary `ingest`, `build` and `generate` print: what was skipped, removed and merged. */

/** Singular and plural label of each kind of skip. */
const KIND_LABELS: Record<SkipKind, [string, string]> = {
  redirect: ['redirect stub', 'redirect stubs'],
  canonical: ['canonical-only page', 'canonical-only pages'],
  index: ['table of contents or index', 'tables of contents or indexes'],
  too_short: ['too short', 'too short'],
  duplicate: ['near-duplicate document', 'near-duplicate documents'],
};
const label = (kind: SkipKind, count: number) => `${count} ${KIND_LABELS[kind][count === 1 ? 0 : 1]}`;

const thousands = (n: number) => n.toLocaleString('en-US');

export function renderHygieneSummary(report: HygieneReport): string[] {
  const skipped = (Object.entries(report.skipped) as [SkipKind, number][]).filter(([, count]) => count > 0);
  const skippedTotal = skipped.reduce((sum, [, count]) => sum + count, 0);
  const { boilerplate, indexPages } = report;
  const removed = [
    `${thousands(boilerplate.blocks)} blocks, ${thousands(boilerplate.chars)} characters (${(boilerplate.share * 100).toFixed(1)}% of the text) in ${boilerplate.documents} documents`,
    ...(indexPages.pages > 0 ? [`${indexPages.pages} index or contents pages of PDFs (${thousands(indexPages.chars)} characters)`] : []),
  ];
  return [
    `hygiene: kept ${report.kept} of ${report.documents} documents` +
      (skippedTotal > 0 ? `; skipped ${skippedTotal}: ${skipped.map(([kind, count]) => label(kind, count)).join(', ')}` : ''),
    `  kept out of chunks: boilerplate ${removed.join('; ')}`,
    `  near-duplicate chunks merged: ${report.nearDuplicateChunks}`,
  ];
}

/** `3 not content, 2 navigation, 41 in too many chunks` */
export function describeTermsRemoved(counts: Record<TermRule, number>): string {
  return `${counts.non_content} not content, ${counts.navigation} navigation, ${counts.frequent} in too many chunks`;
}

/** What generation kept apart and left out: near-duplicate chunk groups, unusable bridge and persona terms. */
export function renderGenerationHygiene(hygiene: {
  nearDuplicateCandidates: number;
  termsRemoved: { entities: Record<TermRule, number>; keyphrases: Record<TermRule, number> };
}): string[] {
  return [
    `hygiene: ${hygiene.nearDuplicateCandidates} candidate groups with near-duplicate chunks dropped; ` +
      `kept from bridges and persona names: entities ${describeTermsRemoved(hygiene.termsRemoved.entities)}; ` +
      `key phrases ${describeTermsRemoved(hygiene.termsRemoved.keyphrases)}`,
  ];
}
