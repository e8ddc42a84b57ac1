import type { RelationshipKind } from '../../model.js';
import type { NodeFilter } from '../../store.js';
import { LABEL, MENTIONS, RELATIONSHIP_TYPE } from './schema.js';

/**
 * Every query of the Neo4j store. Data always travels as parameters; the only spliced
 * text is labels and types from schema.ts and fixed condition fragments chosen by flags.
 * Writes take `$rows` and apply a whole batch in one statement.
 */

/** A node of either kind by id: both lookups are unique-index seeks. */
const ANY_NODE = `${LABEL.document}|${LABEL.chunk}`;

/** Ends a write: entities in the list `list` that no chunk mentions any more are removed. */
const deleteOrphanEntities = (list: string) => `
WITH ${list}
UNWIND ${list} AS entity
WITH DISTINCT entity
WHERE NOT (entity)<-[:${MENTIONS}]-()
DELETE entity`;

export const UPSERT_DOCUMENTS = `
UNWIND $rows AS row
MERGE (n:${LABEL.document} {id: row.id})
SET n += row.props`;

/** Sets the vector properties of `n` from `row` through the procedure (finite float32 vectors). */
const SET_VECTORS = `
CALL {
  WITH n, row
  WITH n, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(n, 'embedding', row.embedding)
}
CALL {
  WITH n, row
  WITH n, row WHERE row.summaryEmbedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(n, 'summaryEmbedding', row.summaryEmbedding)
}`;

/** Ids among `$ids` that are chunks already (one unique-index seek each). */
export const EXISTING_CHUNKS = `
UNWIND $ids AS id
MATCH (n:${LABEL.chunk} {id: id})
RETURN collect(id) AS ids`;

/**
 * Chunks the graph does not hold yet: CREATE, no lookup, no old mentions. Their entities
 * and mentions follow in two statements of the same transaction (MERGE_ENTITIES,
 * CREATE_MENTIONS): each distinct key is merged once per batch instead of once per mention.
 */
export const CREATE_CHUNKS = `
UNWIND $rows AS row
CREATE (n:${LABEL.chunk} {id: row.id})
SET n += row.props
WITH n, row${SET_VECTORS}`;

export const MERGE_ENTITIES = `
UNWIND $entities AS entity
MERGE (e:${LABEL.entity} {key: entity.key})
  ON CREATE SET e.name = entity.name, e.type = entity.type`;

export const CREATE_MENTIONS = `
UNWIND $mentions AS mention
MATCH (n:${LABEL.chunk} {id: mention.chunk})
MATCH (e:${LABEL.entity} {key: mention.key})
CREATE (n)-[:${MENTIONS} {name: mention.name, type: mention.type}]->(e)`;

/**
 * Chunks the graph holds already: old MENTIONS go, the current ones are merged, and
 * entities no chunk mentions any more are removed.
 */
export const UPSERT_CHUNKS = `
UNWIND $rows AS row
MERGE (n:${LABEL.chunk} {id: row.id})
SET n += row.props
WITH n, row${SET_VECTORS}
CALL {
  WITH n
  OPTIONAL MATCH (n)-[old:${MENTIONS}]->(entity:${LABEL.entity})
  DELETE old
  RETURN collect(entity) AS previous
}
CALL {
  WITH n, row
  UNWIND row.mentions AS mention
  MERGE (entity:${LABEL.entity} {key: mention.key})
    ON CREATE SET entity.name = mention.name, entity.type = mention.type
  MERGE (n)-[m:${MENTIONS}]->(entity)
  SET m.name = mention.name, m.type = mention.type
}${deleteOrphanEntities('previous')}`;

export const DELETE_NODES = `
UNWIND $ids AS id
MATCH (n:${ANY_NODE} {id: id})
OPTIONAL MATCH (n)-[:${MENTIONS}]->(entity:${LABEL.entity})
WITH n, collect(entity) AS entities
DETACH DELETE n${deleteOrphanEntities('entities')}`;

export const GET_NODES = `
UNWIND $ids AS id
MATCH (n:${ANY_NODE} {id: id})
RETURN labels(n) AS labels, properties(n) AS props`;

/** The labels the builders give each kind's ends: matched by one index seek each. */
const USUAL_ENDS: Readonly<Record<RelationshipKind, readonly [string, string]>> = {
  child: [LABEL.document, LABEL.chunk],
  next: [LABEL.chunk, LABEL.chunk],
  similar: [LABEL.chunk, LABEL.chunk],
  shares_entities: [LABEL.chunk, LABEL.chunk],
};

/**
 * Writes relationships of one kind: `merge` upserts, `create` adds them without looking for
 * an existing one (the caller knows there is none). `written` falls short when an end is
 * missing or, with `usualEnds`, has the other label (the store then rolls the batch back and
 * writes it with either label).
 */
export function writeRelationships(kind: RelationshipKind, verb: 'merge' | 'create', usualEnds: boolean): string {
  const [source, target] = usualEnds ? USUAL_ENDS[kind] : [ANY_NODE, ANY_NODE];
  const write =
    verb === 'merge'
      ? `MERGE (s)-[r:${RELATIONSHIP_TYPE[kind]}]->(t)
SET r += row.props`
      : `CREATE (s)-[r:${RELATIONSHIP_TYPE[kind]}]->(t)
SET r = row.props`;
  return `
UNWIND $rows AS row
MATCH (s:${source} {id: row.source})
MATCH (t:${target} {id: row.target})
${write}
RETURN count(r) AS written`;
}

export const MISSING_NODES = `
UNWIND $ids AS id
OPTIONAL MATCH (n:${ANY_NODE} {id: id})
WITH id, n WHERE n IS NULL
RETURN collect(id) AS missing`;

export function deleteRelationships(kind: RelationshipKind): string {
  return `
MATCH ()-[r:${RELATIONSHIP_TYPE[kind]}]->()
CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS`;
}

/** Label and conditions for a node filter; a document filter on chunk fields matches nothing. */
function nodeMatch(filter: NodeFilter): { label: string; conditions: string[] } | undefined {
  if (filter.kind === 'document') {
    return filter.status === undefined && filter.documentId === undefined ? { label: LABEL.document, conditions: [] } : undefined;
  }
  const conditions: string[] = [];
  if (filter.status !== undefined) conditions.push('n.status = $status');
  if (filter.documentId !== undefined) conditions.push('n.documentId = $documentId');
  return { label: LABEL.chunk, conditions };
}

const where = (conditions: readonly string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');

export function countNodes(filter: NodeFilter): string | undefined {
  const match = nodeMatch(filter);
  return match && `MATCH (n:${match.label}) ${where(match.conditions)} RETURN count(n) AS count`;
}

/** Ids ascending from the unique index; `$offset` always, `$limit` when `limited`. */
export function nodeIds(filter: NodeFilter, limited: boolean): string | undefined {
  const match = nodeMatch(filter);
  if (!match) return undefined;
  const conditions = ['n.id >= $from', ...match.conditions];
  return `MATCH (n:${match.label}) ${where(conditions)}
RETURN n.id AS id ORDER BY n.id SKIP $offset ${limited ? 'LIMIT $limit' : ''}`;
}

/** The next batch after `$after` (`first`: from the smallest id on), ids ascending. */
export function scanNodes(filter: NodeFilter, first: boolean): string | undefined {
  const match = nodeMatch(filter);
  if (!match) return undefined;
  const conditions = [first ? 'n.id >= $after' : 'n.id > $after', ...match.conditions];
  return `MATCH (n:${match.label}) ${where(conditions)}
RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id LIMIT $limit`;
}

const SCORE_CONDITION = '($minScore IS NULL OR r.score IS NULL OR r.score >= $minScore)';

export function countRelationships(kind: RelationshipKind, scored: boolean): string {
  return `MATCH ()-[r:${RELATIONSHIP_TYPE[kind]}]->() ${scored ? `WHERE ${SCORE_CONDITION}` : ''} RETURN count(r) AS count`;
}

/**
 * The next batch of one kind ordered by (source, target) after (`$afterSource`,
 * `$afterTarget`). Each label's branch walks its unique index in id order and stops after
 * `$limit` rows, so a page costs the page, not the whole relationship set.
 */
export function scanRelationships(kind: RelationshipKind): string {
  const branch = (label: string) => `
  MATCH (s:${label}) WHERE s.id >= $afterSource
  WITH s ORDER BY s.id
  MATCH (s)-[r:${RELATIONSHIP_TYPE[kind]}]->(t)
  WHERE (s.id > $afterSource OR t.id > $afterTarget) AND ${SCORE_CONDITION}
  RETURN s.id AS source, t.id AS target, properties(r) AS props
  ORDER BY source, target LIMIT $limit`;
  return `CALL {${branch(LABEL.document)}
UNION ALL${branch(LABEL.chunk)}
}
RETURN source, target, props ORDER BY source, target LIMIT $limit`;
}

/** Relationships of `$types` touching `$id`, either direction, passing `$minScore`. */
export const NEIGHBOURS = `
MATCH (n:${ANY_NODE} {id: $id})-[r]-(m)
WHERE type(r) IN $types AND ${SCORE_CONDITION}
RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props, m.id AS other`;

/** Distinct node ids linked to each of `$ids` by `$types` passing `$minScore`. */
export const ADJACENT = `
UNWIND $ids AS id
MATCH (n:${ANY_NODE} {id: id})-[r]-(m)
WHERE type(r) IN $types AND ${SCORE_CONDITION}
RETURN id, collect(DISTINCT m.id) AS others`;

export const COUNT_LABEL = (label: string) => `MATCH (n:${label}) RETURN count(n) AS count`;

export const GET_META = `MATCH (m:${LABEL.meta} {key: $key}) RETURN m.value AS value`;
export const SET_META = `MERGE (m:${LABEL.meta} {key: $key}) SET m.value = $value`;
export const DELETE_META = `MATCH (m:${LABEL.meta} {key: $key}) DELETE m`;
export const META_ENTRIES = `MATCH (m:${LABEL.meta}) RETURN m.key AS key, m.value AS value ORDER BY m.key`;
