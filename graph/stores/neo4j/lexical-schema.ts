import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../../../src/errors.js';

/**
 * Where a lexical graph made by another tool keeps what ragset needs: labels, relationship
 * types and property names. Two presets follow those tools' documented graph models; a
 * mapping file (JSON, any subset of the fields) adapts them to a graph of your own.
 *
 * - `llm-graph-builder` (Neo4j LLM Graph Builder): (:Chunk {id, text, position, embedding})
 *   -[:PART_OF]->(:Document {fileName}), (:Chunk)-[:NEXT_CHUNK]->(:Chunk),
 *   (:Chunk)-[:HAS_ENTITY]->(:__Entity__ {id}), (:Chunk)-[:SIMILAR {score}]->(:Chunk).
 * - `neo4j-graphrag` (neo4j-graphrag-python's LexicalGraphBuilder): (:Chunk {text, index,
 *   embedding})-[:FROM_DOCUMENT]->(:Document {path}), (:Chunk)-[:NEXT_CHUNK]->(:Chunk),
 *   (:__Entity__ {name})-[:FROM_CHUNK]->(:Chunk).
 */
const Name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain label, type or property name');

export const LexicalMapping = z.object({
  document: z.object({
    label: Name,
    /** Names the document (file name, path, URL): its ragset id is derived from it. */
    id: Name,
    title: Name.optional(),
    /** Full source text, when the tool kept it: offsets are then within the document. */
    text: Name.optional(),
  }),
  chunk: z.object({ label: Name, text: Name, order: Name, embedding: Name.optional() }),
  /** Chunk ↔ document; `from` says which end the relationship starts at. */
  partOf: z.object({ type: Name, from: z.enum(['chunk', 'document']) }),
  entity: z.object({ label: Name, name: Name, link: Name, from: z.enum(['chunk', 'entity']) }).optional(),
  similar: z.object({ type: Name, score: Name }).optional(),
});
export type LexicalMapping = z.infer<typeof LexicalMapping>;

export const LEXICAL_SCHEMAS = {
  'llm-graph-builder': {
    document: { label: 'Document', id: 'fileName', title: 'fileName' },
    chunk: { label: 'Chunk', text: 'text', order: 'position', embedding: 'embedding' },
    partOf: { type: 'PART_OF', from: 'chunk' },
    entity: { label: '__Entity__', name: 'id', link: 'HAS_ENTITY', from: 'chunk' },
    similar: { type: 'SIMILAR', score: 'score' },
  },
  'neo4j-graphrag': {
    document: { label: 'Document', id: 'path', title: 'path' },
    chunk: { label: 'Chunk', text: 'text', order: 'index', embedding: 'embedding' },
    partOf: { type: 'FROM_DOCUMENT', from: 'chunk' },
    entity: { label: '__Entity__', name: 'name', link: 'FROM_CHUNK', from: 'entity' },
  },
} as const satisfies Record<string, LexicalMapping>;
export type LexicalSchemaName = keyof typeof LEXICAL_SCHEMAS;
export const LEXICAL_SCHEMA_NAMES = Object.keys(LEXICAL_SCHEMAS) as LexicalSchemaName[];

const MappingFile = z.object({
  document: LexicalMapping.shape.document.partial().optional(),
  chunk: LexicalMapping.shape.chunk.partial().optional(),
  partOf: LexicalMapping.shape.partOf.partial().optional(),
  entity: LexicalMapping.shape.entity.unwrap().partial().nullable().optional(),
  similar: LexicalMapping.shape.similar.unwrap().partial().nullable().optional(),
});

/** A preset, with the fields of a mapping file over it (`null` drops entities or similar). */
export async function lexicalMapping(schema: LexicalSchemaName, file?: string): Promise<LexicalMapping> {
  const preset: LexicalMapping = LEXICAL_SCHEMAS[schema];
  if (file === undefined) return preset;
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`cannot read the schema map ${file}`, 'pass a JSON file of labels and property names');
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON`, 'write the schema map as a JSON object');
  }
  const parsed = MappingFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`, 'see the Neo4j section of the README');
  const over = parsed.data;
  const merged = {
    document: { ...preset.document, ...over.document },
    chunk: { ...preset.chunk, ...over.chunk },
    partOf: { ...preset.partOf, ...over.partOf },
    entity: over.entity === null ? undefined : preset.entity || over.entity ? { ...preset.entity, ...over.entity } : undefined,
    similar: over.similar === null ? undefined : preset.similar || over.similar ? { ...preset.similar, ...over.similar } : undefined,
  };
  const result = LexicalMapping.safeParse(merged);
  if (!result.success) throw new UsageError(`${file}: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`, 'name every label and property the mapping needs');
  return result.data;
}
