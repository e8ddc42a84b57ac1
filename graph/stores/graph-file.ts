import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { writeAtomic } from '../../src/atomic-write.js';
import { NoInputError, UsageError } from '../../src/errors.js';
import { base64ToFloat32, float32ToBase64, isFloat32Base64 } from '../../src/float32-base64.js';
import { ChunkNode, DocumentNode, type GraphNode, NODE_KINDS, Relationship, RELATIONSHIP_KINDS } from '../model.js';
import { type MemoryStore, createMemoryStore } from './memory.js';

/**
 * One graph, one file: gzip of JSON lines — a header, then nodes (documents, then chunks,
 * ids ascending), relationships (by kind, then source and target), meta entries, and an
 * end record with the counts, so a truncated file is recognised. Embeddings are base64 of
 * little-endian Float32 (the byte order of every platform Node runs on), a quarter of the
 * size of JSON numbers and bit-exact. The same graph always gives the same bytes.
 */
export const GRAPH_FILE_FORMAT = 'ragset-graph';
export const GRAPH_FILE_VERSION = 1;

const Header = z.object({ format: z.literal(GRAPH_FILE_FORMAT), version: z.number().int().min(1) });

const Base64Vector = z.base64().refine(isFloat32Base64, 'not a whole number of float32 values').transform(base64ToFloat32);

const FileChunkNode = ChunkNode.extend({ embedding: Base64Vector.nullable(), summaryEmbedding: Base64Vector.nullable() });

const FileRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('node'), node: z.discriminatedUnion('kind', [DocumentNode, FileChunkNode]) }),
  z.object({ type: z.literal('relationship'), relationship: Relationship }),
  z.object({ type: z.literal('meta'), key: z.string(), value: z.unknown() }),
  z.object({
    type: z.literal('end'),
    nodes: z.number().int().min(0),
    relationships: z.number().int().min(0),
    meta: z.number().int().min(0),
  }),
]);


function encodeVector(vector: Float32Array | null): string | null {
  return vector ? float32ToBase64(vector) : null;
}

/** Keys in schema order, whatever order the node was built in, so one graph is one file. */
function inSchemaOrder(node: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => node[key] !== undefined).map((key) => [key, node[key]]));
}

const DOCUMENT_KEYS = Object.keys(DocumentNode.shape);
const CHUNK_KEYS = Object.keys(ChunkNode.shape);
const RELATIONSHIP_KEYS = ['kind', 'source', 'target', 'score', 'entities'];

function encodeNode(node: GraphNode): unknown {
  if (node.kind === 'document') return inSchemaOrder(node, DOCUMENT_KEYS);
  return inSchemaOrder({ ...node, embedding: encodeVector(node.embedding), summaryEmbedding: encodeVector(node.summaryEmbedding) }, CHUNK_KEYS);
}

async function* fileLines(store: MemoryStore): AsyncIterable<string> {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  yield line({ format: GRAPH_FILE_FORMAT, version: GRAPH_FILE_VERSION });
  let nodes = 0;
  let relationships = 0;
  for (const kind of NODE_KINDS) {
    for await (const batch of store.scanNodes({ kind })) {
      yield batch.map((node) => line({ type: 'node', node: encodeNode(node) })).join('');
      nodes += batch.length;
    }
  }
  for (const kind of RELATIONSHIP_KINDS) {
    for await (const batch of store.scanRelationships({ kind })) {
      yield batch.map((relationship) => line({ type: 'relationship', relationship: inSchemaOrder(relationship, RELATIONSHIP_KEYS) })).join('');
      relationships += batch.length;
    }
  }
  const meta = store.metaEntries();
  for (const [key, value] of meta) yield line({ type: 'meta', key, value });
  yield line({ type: 'end', nodes, relationships, meta: meta.length });
}

/**
 * Writes the graph to `path` atomically: a temporary file beside it is written, flushed to
 * disk and renamed over `path`, so an interrupted save leaves the previous file intact (and
 * the temporary file of a save that was killed is removed by the next save).
 */
export async function saveGraph(store: MemoryStore, path: string): Promise<void> {
  await writeAtomic(path, (temporary) => pipeline(Readable.from(fileLines(store)), createGzip(), createWriteStream(temporary)));
}

/** Lines of a gzip file, decoded as UTF-8 across chunk boundaries. */
async function* gzipLines(path: string): AsyncIterable<string> {
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip).setEncoding('utf8');
  let pending = '';
  for await (const text of gunzip as AsyncIterable<string>) {
    const lines = (pending + text).split('\n');
    pending = lines.pop() as string;
    yield* lines;
  }
  if (pending !== '') yield pending;
}

function fileError(path: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new NoInputError(`graph file ${path} does not exist`, 'build it first with `ragset build`');
  if (code === 'EISDIR') return new UsageError(`graph file ${path} is a folder`, 'pass the file written by `ragset build` (graph.ragset by default)');
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`cannot read graph file ${path}: permission denied`, 'fix its permissions');
  if (code?.startsWith('Z_')) return new UsageError(`${path} is not a ragset graph file or is corrupt (${(error as Error).message})`, 'rebuild the graph');
  return error as Error;
}

/** Reads a graph file into a new memory store, validating every record. */
export async function loadGraph(path: string): Promise<MemoryStore> {
  const store = createMemoryStore();
  let lineNumber = 0;
  const counts = { nodes: 0, relationships: 0, meta: 0 };
  let ended = false;
  const invalid = (message: string) =>
    new UsageError(`${path}:${lineNumber}: ${message}`, 'the graph file is damaged or was edited; rebuild it');
  try {
    for await (const line of gzipLines(path)) {
      lineNumber++;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw lineNumber === 1 ? new UsageError(`${path} is not a ragset graph file`) : invalid('not valid JSON');
      }
      if (lineNumber === 1) {
        readHeader(path, json);
        continue;
      }
      if (ended) throw invalid('records after the end record');
      const parsed = FileRecord.safeParse(json);
      if (!parsed.success) throw invalid(firstIssue(parsed.error));
      const record = parsed.data;
      if (record.type === 'node') {
        await store.upsertNodes([record.node]);
        counts.nodes++;
      } else if (record.type === 'relationship') {
        await store.upsertRelationships([record.relationship]).catch((error: Error) => {
          throw invalid(error.message);
        });
        counts.relationships++;
      } else if (record.type === 'meta') {
        await store.setMeta(record.key, record.value);
        counts.meta++;
      } else {
        ended = true;
        const { type: _type, ...expected } = record;
        if (JSON.stringify(expected) !== JSON.stringify(counts)) throw invalid(`counts ${JSON.stringify(counts)} differ from the end record`);
      }
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (lineNumber === 0) throw new UsageError(`${path} is empty, not a ragset graph file`, 'rebuild the graph');
  if (!ended) throw new UsageError(`${path} is truncated (no end record)`, 'the save was interrupted; rebuild the graph');
  return store;
}

/** One line for the terminal: the first problem and how many more there are. */
function firstIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}${more}`;
}

function readHeader(path: string, json: unknown): void {
  const header = Header.safeParse(json);
  if (!header.success) throw new UsageError(`${path} is not a ragset graph file`, 'pass a file written by `ragset build`');
  if (header.data.version > GRAPH_FILE_VERSION) {
    throw new UsageError(
      `${path} uses graph format version ${header.data.version}, newer than this ragset reads (${GRAPH_FILE_VERSION})`,
      'upgrade ragset, or rebuild the graph with this version',
    );
  }
}
