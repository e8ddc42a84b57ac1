import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { NoInputError, UsageError } from '../errors.js';
import { readTestset } from './read.js';
import type { Sample } from './sample.js';
import { type TestsetFormat, writeFileAtomic, writeTestset } from './write.js';

/**
 * Sharded testsets: `ragset generate --shard i/k` writes its slice of the plan plus a
 * manifest beside it; `ragset merge` checks that the manifests name one plan and every
 * slice once, and joins the slices in slice order into the file one process would have
 * written (and the personas file beside it).
 */

/** `dir/testset.jsonl` → `dir/testset<suffix>`: files written beside the testset. */
export function besideOutput(out: string, suffix: string): string {
  return join(dirname(out), `${basename(out, extname(out))}${suffix}`);
}

export const shardManifestPath = (testset: string) => besideOutput(testset, '.shard.json');
export const personasPath = (testset: string) => besideOutput(testset, '.personas.json');

export const ShardManifest = z.object({
  /** Fingerprint of the whole plan (seed, size, blocks, every slot): slices of one plan share it. */
  plan: z.string().min(1),
  seed: z.string(),
  /** Samples the whole testset asks for. */
  size: z.number().int().min(1),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  /** The plan's slots this slice made, `[start, end)`. */
  slots: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  samples: z.number().int().min(0),
});
export type ShardManifest = z.infer<typeof ShardManifest>;

export async function writeShardManifest(testset: string, manifest: ShardManifest): Promise<void> {
  await writeFileAtomic(shardManifestPath(testset), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function readShardManifest(testset: string): Promise<ShardManifest> {
  const path = shardManifestPath(testset);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) throw new NoInputError(`${testset}: no shard manifest at ${path}`, 'merge the files `ragset generate --shard i/k` wrote');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ShardManifest.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path} is not a shard manifest: ${z.prettifyError(parsed.error).split('\n')[0]}`, 'merge the files `ragset generate --shard i/k` wrote');
  return parsed.data;
}

export interface MergeResult {
  testset: string;
  personas: string;
  samples: number;
  shards: number;
  size: number;
}

/** Joins the slices of one sharded plan into `out` (format from its extension unless given). */
export async function mergeShards(inputs: readonly string[], out: string, format?: TestsetFormat): Promise<MergeResult> {
  const slices = await Promise.all(inputs.map(async (input) => ({ input, manifest: await readShardManifest(input) })));
  const [first] = slices;
  if (!first) throw new UsageError('nothing to merge', 'pass the files of every `ragset generate --shard i/k`');
  const count = first.manifest.shard.count;
  for (const { input, manifest } of slices) {
    if (manifest.plan !== first.manifest.plan || manifest.shard.count !== count) {
      throw new UsageError(`${input} is a slice of another plan than ${first.input}`, 'run every shard with the same graph, -n, --seed, --mix, --styles, --lengths and k');
    }
  }
  const byIndex = new Map<number, (typeof slices)[number]>();
  for (const slice of slices) {
    const other = byIndex.get(slice.manifest.shard.index);
    if (other) throw new UsageError(`${other.input} and ${slice.input} are both slice ${slice.manifest.shard.index}/${count}`, 'pass each slice once');
    byIndex.set(slice.manifest.shard.index, slice);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new UsageError(`slice ${missing.map((i) => `${i}/${count}`).join(', ')} missing`, 'pass the files of every shard');

  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, slice]) => slice);
  const samples: Sample[] = [];
  let personas: string | undefined;
  for (const { input, manifest } of ordered) {
    const read = await readTestset(input);
    if (read.errors.length > 0 || read.samples.length !== manifest.samples) {
      const why = read.errors[0] ? `line ${read.errors[0].line}: ${read.errors[0].reason}` : `${read.samples.length} samples, its manifest says ${manifest.samples}`;
      throw new UsageError(`${input} was changed after it was written (${why})`, 'generate that slice again');
    }
    samples.push(...read.samples);
    const text = await readFile(personasPath(input), 'utf8').catch(() => undefined);
    if (text === undefined) throw new NoInputError(`${input}: no personas file at ${personasPath(input)}`, 'keep the personas file each shard writes beside its testset');
    if (personas !== undefined && text !== personas) {
      throw new UsageError(`${input} was made with other personas than the slices before it`, 'give every shard the same --personas file (or a shared LLM cache)');
    }
    personas = text;
  }
  await writeTestset(samples, out, format);
  await writeFileAtomic(personasPath(out), personas as string);
  return { testset: out, personas: personasPath(out), samples: samples.length, shards: count, size: first.manifest.size };
}
