import { isSpace } from './template-lines.js';

/**
 * Table-of-contents and index text: entries followed by dot leaders and page numbers
 * (`globbing, null . . . . . . 104`). Such a page is navigation, never an answer.
 */

const DOT_LEADER = /(?:\.\s?){4,}|(?:·\s?){4,}|…{2,}/g;
/** Share of a text's characters in dot leaders above which it is a table of contents or an index. */
const INDEX_LEADER_SHARE = 0.2;
/** Share of an HTML page's text that is link text above which the page is a table of contents or an index. */
export const INDEX_LINK_SHARE = 0.6;

/** Characters that are not white space, counted without copying the text. */
function visibleLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) count++;
  return count;
}

export function dotLeaderShare(text: string): number {
  const total = visibleLength(text);
  if (total === 0) return 0;
  let leaders = 0;
  for (const match of text.matchAll(DOT_LEADER)) leaders += match[0].replace(/\s+/g, '').length;
  return leaders / total;
}

/** Why a text is a table of contents or an index, or undefined when it is not. */
export function indexReason(text: string, linkShare: number | undefined): string | undefined {
  const leaders = dotLeaderShare(text);
  if (leaders >= INDEX_LEADER_SHARE) return `table of contents or index (${Math.round(leaders * 100)}% dot leaders)`;
  if (linkShare !== undefined && linkShare >= INDEX_LINK_SHARE) return `table of contents or index (${Math.round(linkShare * 100)}% of its text is links)`;
  return undefined;
}
