import { relationshipId } from './model.js';
import type { Neighbour } from './store.js';

/**
 * The one order every store and builder uses for ids and keys: UTF-16 code units, the
 * order of JavaScript's `<` (ids are ASCII content hashes, so Neo4j agrees).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders id lists element by element, a shorter prefix first. */
export function compareStringLists(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareStrings(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** The order of `GraphStore.neighbours`: by relationship kind, then the other node's id, then the relationship. */
export function compareNeighbours(a: Neighbour, b: Neighbour): number {
  return (
    compareStrings(a.relationship.kind, b.relationship.kind) ||
    compareStrings(a.nodeId, b.nodeId) ||
    compareStrings(relationshipId(a.relationship), relationshipId(b.relationship))
  );
}
