import type { z } from 'zod';
import { fieldInfo } from '../schema-fields.js';
import { RUN_STAGES, SECRET_FIELDS, STAGE_NAMES } from './spec.js';

/** What each stage is for, as the starter config's section headings. */
const STAGE_TITLES: Record<(typeof STAGE_NAMES)[number], string> = {
  load: 'which files are read, and how JSON/JSONL records are read',
  hygiene: 'boilerplate, stubs and near-duplicates kept out of the chunks',
  chunk: 'how documents are split',
  graph: 'the knowledge graph: similar and shared-entity edges',
  llm: 'the model endpoint (keys come only from the environment: OPENAI_API_KEY, RAGSET_EMBEDDING_API_KEY)',
  store: 'where the graph lives',
  input: 'what generate reads besides documents',
  generate: 'how many samples, in what mix, from which seed',
  output: 'the testset file and what is written beside it',
};

/** A YAML value as it would be written, or nothing when the setting has no default. */
const shown = (value: unknown) => (value === undefined ? '' : ` ${JSON.stringify(value)}`);

/**
 * The commented starter `ragset.config.yaml` that `ragset init` writes: every stage, every
 * setting with its help and default, all commented out, so the file changes nothing until a
 * line is uncommented. Generated from the stage schemas, like the flags.
 */
export function starterConfig(schemaPath: string | undefined): string {
  const lines = [
    ...(schemaPath ? [`# yaml-language-server: $schema=${schemaPath}`] : []),
    '# ragset settings, by stage. Flags on the command line win over this file.',
    '# Every setting is commented out at its default: uncomment a line to change it.',
    '',
  ];
  for (const stage of STAGE_NAMES) {
    lines.push(`# ${STAGE_TITLES[stage]}`, `${stage}:`);
    for (const [field, schema] of Object.entries((RUN_STAGES[stage] as z.ZodObject).shape)) {
      if (SECRET_FIELDS[stage]?.includes(field)) continue;
      const info = fieldInfo(schema as z.ZodType);
      if (info.type === 'object') continue;
      lines.push(`  # ${info.description ?? field}${info.required ? ' (required)' : ''}`, `  # ${field}:${shown(info.defaultValue)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
