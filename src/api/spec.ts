import { z } from 'zod';
import { BuildOptions } from '../../graph/builder/options.js';
import { StoreOptions } from '../../graph/stores/open.js';
import { GenerateOptions } from '../../synthesizers/generate-options.js';
import { ChunkOptions } from '../chunking/options.js';
import { LoadOptions } from '../documents/options.js';
import { HygieneOptions } from '../hygiene/options.js';
import { LlmOptions } from '../llm/options.js';
import { OutputOptions } from '../testset/write.js';

/**
 * The run spec: one schema per stage, each the only place its options, bounds and defaults
 * are written. CLI flags and the config file (`ragset.config.yaml|json`) both derive from
 * these; a command parses the stages it runs once, then calls a library function.
 */

/** What `generate` reads besides documents: a built graph, a personas file. */
export const InputOptions = z.object({
  graph: z.string().trim().min(1).optional().describe('use a graph file built by `ragset build` instead of documents'),
  personas: z.string().trim().min(1).optional().describe('personas to use (JSON or JSONL of {name, role_description}) instead of deriving them'),
  categories: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('categorizations file (YAML/JSON): dimensions of {name, probability, description}, each with exact counts (a config file may hold them as generate.categorizations)'),
  profile: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('follow a profile of real queries (`ragset profile`): exact length, formulation and category shares; prints the resemblance'),
});

export const RUN_STAGES = {
  load: LoadOptions,
  hygiene: HygieneOptions,
  chunk: ChunkOptions,
  graph: BuildOptions,
  llm: LlmOptions,
  store: StoreOptions,
  input: InputOptions,
  generate: GenerateOptions,
  output: OutputOptions,
} as const;
export type StageName = keyof typeof RUN_STAGES;
export const STAGE_NAMES = Object.keys(RUN_STAGES) as StageName[];

/** Settings a config file may not hold: keys come from the environment only. */
export const SECRET_FIELDS: Readonly<Partial<Record<StageName, readonly string[]>>> = { llm: ['apiKey', 'embeddingApiKey'] };

/** Every stage, every field optional at the top: the shape of a config file. */
export const RunSpecFile = z.strictObject(
  Object.fromEntries(STAGE_NAMES.map((name) => [name, RUN_STAGES[name].optional()])) as { [K in StageName]: z.ZodOptional<(typeof RUN_STAGES)[K]> },
);

/** The JSON Schema of the config file, for editor completion (shipped as assets/ragset.config.schema.json). */
export function runSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RunSpecFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  const llm = schema.properties.llm as { properties?: Record<string, unknown> } | undefined;
  for (const secret of SECRET_FIELDS.llm ?? []) delete llm?.properties?.[secret];
  return { ...schema, title: 'ragset configuration', properties: { $schema: { type: 'string' }, ...schema.properties } };
}
