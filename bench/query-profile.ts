import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/table.js';
import { Profile } from '../src/profile/profile.js';
import { readQueries } from '../src/profile/queries.js';
import { DATA, fetchDebianDoc, ragset } from './cli-stage.js';

/**
 * `npm run bench -- query-profile [--corpus DIR] [--queries FILE] [--categories FILE] [-n 60] [--provider offline]`:
 * categorizations and a query profile on real documentation — by default the Sphinx manual (Debian's sphinx-doc,
 * fetched once into bench/.data) with ~50 hand-written user queries for it (bench/queries/sphinx.txt). Profiles the
 * queries, generates N samples with --profile and --categories, again with the same seed (must be byte-identical),
 * and prints requested vs achieved per dimension, the planned vs achieved lengths and styles, and the resemblance.
 * Finally checks that no query reached any file.
 */


export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      corpus: { type: 'string' },
      queries: { type: 'string', default: 'bench/queries/sphinx.txt' },
      categories: { type: 'string', default: 'bench/queries/sphinx-categories.yaml' },
      size: { type: 'string', short: 'n', default: '60' },
      provider: { type: 'string', default: 'offline' },
      seed: { type: 'string', default: '1' },
    },
  });
  const corpus = values.corpus ? resolve(values.corpus) : fetchDebianDoc('sphinx-doc', 'usr/share/doc/sphinx-doc/html');
  const [queries, categories] = [resolve(values.queries), resolve(values.categories)];
  const work = join(DATA, 'query-profile-run');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const llm = ['--provider', values.provider, '--cache-dir', join(work, 'cache')];
  // The offline provider classifies nothing and proposes no persona: only the offline aggregates and the mean vector.
  const modelParts = values.provider === 'offline' ? ['--persona-count', '0'] : ['--categories', categories];
  const profiled = await ragset('profile', ['profile', queries, '-o', join(work, 'profile.yaml'), '--corpus', corpus, ...modelParts, ...llm, '--json'], work);
  const profile = Profile.parse((JSON.parse(profiled.stdout) as { profile: unknown }).profile);
  const generate = (name: string, out: string) =>
    ragset(name, ['generate', corpus, '-n', values.size, '--seed', values.seed, '--profile', join(work, 'profile.yaml'), '--categories', categories, '-o', join(work, out), ...llm, '--json'], work);
  const first = await generate('generate', 'a/testset.jsonl');
  const second = await generate('generate again', 'b/testset.jsonl');
  const identical = readFileSync(join(work, 'a/testset.jsonl')).equals(readFileSync(join(work, 'b/testset.jsonl')));
  const result = JSON.parse(first.stdout) as {
    report: { size: number; planned: { styles: Record<string, number>; lengths: Record<string, number> }; styles: Record<string, number>; lengths: Record<string, number>; categories: { requested: Record<string, Record<string, number>>; achieved: Record<string, Record<string, number>> } };
    resemblance: { length: { ks: number; wasserstein: number; profile_mean: number; testset_mean: number; buckets: Record<string, { profile: number; testset: number }> }; formulation: Record<string, { profile: number; testset: number }>; embedding: { cosine_distance: number } | null };
  };
  const { report, resemblance } = result;
  const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `query profile bench: ${profile.queries} queries (${values.queries}), corpus ${corpus}, -n ${values.size}, provider ${values.provider}`,
    `profile: ${profile.length.mean} words mean; keyword ${percent(profile.formulation.keyword?.share ?? 0)} [${profile.formulation.keyword?.low}–${profile.formulation.keyword?.high}]; misspelled queries ${profile.misspelling ? percent(profile.misspelling.queries.share) : 'n/a'}`,
    '',
    renderTable(['dimension', 'category', 'requested', 'achieved'], Object.entries(report.categories.requested).flatMap(([d, counts]) => Object.entries(counts).map(([c, n]) => [d, c, n, report.categories.achieved[d]?.[c] ?? 0]))),
    '',
    renderTable(['query length', 'profile share', 'planned', 'achieved'], Object.entries(report.planned.lengths).map(([l, n]) => [l, percent(profile.length.buckets[l]?.share ?? 0), n, report.lengths[l] ?? 0])),
    '',
    renderTable(['query style', 'planned', 'achieved'], Object.entries(report.planned.styles).map(([s, n]) => [s, n, report.styles[s] ?? 0])),
    '',
    `resemblance: length KS ${resemblance.length.ks}, Wasserstein ${resemblance.length.wasserstein} words (mean ${resemblance.length.profile_mean} real vs ${resemblance.length.testset_mean} testset); mean-vector cosine distance ${resemblance.embedding?.cosine_distance ?? 'n/a'}`,
    renderTable(['', 'label', 'real queries', 'testset'], Object.entries({ length: resemblance.length.buckets, formulation: resemblance.formulation }).flatMap(([w, shares]) => Object.entries(shares).map(([l, s]) => [w, l, percent(s.profile), percent(s.testset)]))),
    '',
    `rerun with the same seed byte-identical: ${identical ? 'yes' : 'NO'}`,
    `stages: ${[profiled, first, second].map((s) => `${s.name} ${s.seconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} s CPU, ${s.rssMb} MB`).join('; ')}`,
  ];
  const written = ['profile.yaml', 'a/testset.jsonl', 'a/testset.personas.json', 'a/testset.run.json', 'a/testset.report.html'].map((file) => readFileSync(join(work, file), 'utf8'));
  // A short query can also be a phrase of the documents ("epub output" is a heading): found there, it proves nothing.
  const corpusFiles = readdirSync(corpus, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  const found = (await readQueries(queries)).filter((query) => written.some((text) => text.includes(query)));
  const leaked = found.filter((query) => !corpusFiles.some((text) => text.includes(query)));
  lines.push(`queries found in an output file: ${found.length} (${found.length - leaked.length} of them also in the corpus); found only in the queries: ${leaked.length}${leaked.length > 0 ? ' — LEAK' : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!identical || leaked.length > 0) process.exitCode = 1;
}

