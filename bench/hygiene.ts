import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { renderTable } from '../src/cli/table.js';
import { dotLeaderShare } from '../src/hygiene/index-pages.js';
import { jaccard, wordSet } from '../src/hygiene/shingles.js';
import { intrinsicRule } from '../src/hygiene/terms.js';
import { readTestset } from '../src/testset/read.js';
import type { Sample } from '../src/testset/sample.js';
import { DATA, fetchDebianDoc, ragset } from './cli-stage.js';
import { ingestCost, OPT_OUTS } from './hygiene-cost.js';

/**
 * `npm run bench -- hygiene [-n 40] [--seed 1] [--provider offline|openai] [--pg]`: corpus hygiene on real generated
 * manuals of two toolchains, fetched from Debian (never committed): zsh's Texinfo manual
 * (HTML pages with navigation tables and redirect stubs, a PDF copy, a symlinked copy of the
 * folder) and Sphinx's own manual (HTML pages plus their reST sources under a symlink).
 * Each is generated from twice, before (every hygiene opt-out) and after (defaults), with the
 * offline provider or, with `--provider openai` and OPENAI_BASE_URL, an endpoint; the
 * testsets are measured:
 * - navigation words among the graph's top 20 entities;
 * - contexts that are mostly navigation or index text;
 * - multi-hop samples whose contexts overlap ≥ 0.8 (word Jaccard);
 * - personas named after boilerplate.
 * `--pg` also times `ingest` of the PostgreSQL manual with and without hygiene, `--rounds`
 * times each (its cost: bench/hygiene-cost.ts); `--skip-manuals` does only that.
 */

const MANUALS = [
  { name: 'zsh (Texinfo)', pkg: 'zsh-doc', folder: 'usr/share/doc' },
  { name: 'Sphinx (Sphinx)', pkg: 'sphinx-doc', folder: 'usr/share/doc' },
] as const;
const OVERLAP = 0.8;

const GenerateJson = z.object({
  build: z.object({ documents: z.number(), chunks: z.number() }),
  personas: z.array(z.object({ name: z.string() })),
});
const StatsJson = z.object({ topEntities: z.array(z.object({ name: z.string(), key: z.string(), chunks: z.number() })) });

/** Share of a text's characters on lines that are navigation, letter bars, numbers or dot leaders. */
export function navigationShare(text: string): number {
  let navigation = 0;
  let total = 0;
  for (const line of text.split('\n')) {
    const weight = line.replace(/\s+/g, '').length;
    total += weight;
    if (weight > 0 && (intrinsicRule(line) !== undefined || dotLeaderShare(line) >= 0.2)) navigation += weight;
  }
  return total === 0 ? 0 : navigation / total;
}

function overlappingMultiHop(samples: readonly Sample[]): number {
  return samples.filter((sample) => {
    if (sample.reference_contexts.length < 2) return false;
    const sets = sample.reference_contexts.map(wordSet);
    return sets.some((a, i) => sets.slice(i + 1).some((b) => jaccard(a, b) >= OVERLAP));
  }).length;
}

/** "F G H Consultant" → "F G H": offline persona names are a topic and a role noun; a one-word name (a model's) is its own topic. */
function topicOf(name: string): string {
  const words = name.replace(/\s*\(\d+\)$/, '').split(/\s+/);
  return words.length > 1 ? words.slice(0, -1).join(' ') : name;
}

interface Measured {
  documents: number;
  chunks: number;
  navigationEntities: string[];
  navigationContexts: number;
  contexts: number;
  overlapping: number;
  multiHop: number;
  boilerplatePersonas: string[];
  seconds: number;
}

async function measure(corpus: string, work: string, args: { size: string; seed: string; provider: string; extra: string[] }): Promise<Measured> {
  mkdirSync(work, { recursive: true });
  const out = join(work, 'testset.jsonl');
  const llm = ['--provider', args.provider, '--cache-dir', join(work, 'cache')];
  const generated = await ragset(`generate ${work}`, ['generate', corpus, '-n', args.size, '--seed', args.seed, '-o', out, '--json', ...llm, ...args.extra], work);
  const report = GenerateJson.parse(JSON.parse(generated.stdout));
  const stats = await ragset(`stats ${work}`, ['graph', 'stats', join(work, 'testset.graph.ragset'), '--top', '20', '--json'], work);
  const top = StatsJson.parse(JSON.parse(stats.stdout)).topEntities;
  const { samples } = await readTestset(out);
  const contexts = samples.flatMap((sample) => sample.reference_contexts);
  return {
    documents: report.build.documents,
    chunks: report.build.chunks,
    navigationEntities: top.filter((entity) => intrinsicRule(entity.name) === 'navigation').map((entity) => entity.name),
    navigationContexts: contexts.filter((text) => navigationShare(text) > 0.5).length,
    contexts: contexts.length,
    overlapping: overlappingMultiHop(samples),
    multiHop: samples.filter((sample) => sample.reference_contexts.length >= 2).length,
    boilerplatePersonas: report.personas.map((persona) => persona.name).filter((name) => intrinsicRule(topicOf(name)) !== undefined),
    seconds: generated.seconds,
  };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', short: 'n', default: '40' },
      seed: { type: 'string', default: '1' },
      provider: { type: 'string', default: 'offline' },
      pg: { type: 'boolean', default: false },
      'skip-manuals': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '5' },
    },
  });
  const root = join(DATA, 'hygiene-run');
  const rows: (string | number)[][] = [];
  for (const manual of values['skip-manuals'] ? [] : MANUALS) {
    const corpus = fetchDebianDoc(manual.pkg, manual.folder);
    rmSync(join(root, manual.pkg), { recursive: true, force: true });
    for (const [mode, extra] of [['before', OPT_OUTS], ['after', []]] as const) {
      const m = await measure(corpus, join(root, manual.pkg, mode), { size: values.size, seed: values.seed, provider: values.provider, extra: [...extra] });
      rows.push([
        manual.name,
        mode,
        m.documents,
        m.chunks,
        m.navigationEntities.length === 0 ? '0' : `${m.navigationEntities.length} (${m.navigationEntities.join(', ')})`,
        `${m.navigationContexts}/${m.contexts}`,
        `${m.overlapping}/${m.multiHop}`,
        m.boilerplatePersonas.length === 0 ? '0' : `${m.boilerplatePersonas.length} (${m.boilerplatePersonas.join(', ')})`,
        m.seconds.toFixed(0),
      ]);
    }
  }
  if (rows.length > 0) process.stdout.write(
    `${renderTable(
      ['manual', 'hygiene', 'documents', 'chunks', 'navigation words in top-20 entities', 'contexts mostly navigation/index', `multi-hop samples with contexts overlapping ≥ ${OVERLAP}`, 'personas named after boilerplate', 'generate s'],
      rows,
    )}\n`,
  );
  if (values.pg) process.stdout.write(`\n${await ingestCost(Number(values.rounds))}\n`);
}
