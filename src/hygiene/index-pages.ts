import { visibleLength } from '../documents/white-space.js';
import { navigationWordShare } from './terms.js';

/**
 * Table-of-contents and index text: entries followed by dot leaders and page numbers
 * (`globbing, null . . . . . . 104`). Such a page is navigation, never an answer.
 */

const DOT_LEADER = /(?:\.\s?){4,}|(?:·\s?){4,}|…{2,}/g;
/** Share of a text's characters in dot leaders above which it is a table of contents or an index. */
const INDEX_LEADER_SHARE = 0.2;
/** Share of an HTML page's text that is link text above which the page is a table of contents or an index. */
export const INDEX_LINK_SHARE = 0.6;
/**
 * Share of navigation words ("next", "previous", "section", "index", …) above which a page is
 * about the site's own navigation, like a generator's "About this document" page explaining
 * its buttons (26 % of the words on zsh's Texinfo manual, numbers counted as words). Measured
 * on three generated manuals, no kept page came near: at most 12.6 % on PostgreSQL's, 11.4 %
 * on Sphinx's, 2.4 % on zsh's.
 */
const NAVIGATION_PAGE_SHARE = 0.2;
/** Fewer words than this say too little for a share; short pages fall to the other rules. */
const NAVIGATION_PAGE_MIN_WORDS = 40;

export function dotLeaderShare(text: string): number {
  let leaders = 0;
  for (const match of text.matchAll(DOT_LEADER)) leaders += match[0].replace(/\s+/g, '').length;
  // Most texts have no leader at all: then the share is 0 without counting every character.
  return leaders === 0 ? 0 : leaders / visibleLength(text);
}

/** Why a text (`words`: its word hashes, words.ts) is a table of contents or an index, or undefined when it is not. */
export function indexReason(text: string, words: Uint32Array, linkShare: number | undefined): string | undefined {
  const leaders = dotLeaderShare(text);
  if (leaders >= INDEX_LEADER_SHARE) return `table of contents or index (${Math.round(leaders * 100)}% dot leaders)`;
  if (linkShare !== undefined && linkShare >= INDEX_LINK_SHARE) return `table of contents or index (${Math.round(linkShare * 100)}% of its text is links)`;
  const navigation = navigationWordShare(words);
  if (navigation.words >= NAVIGATION_PAGE_MIN_WORDS && navigation.share >= NAVIGATION_PAGE_SHARE) {
    return `a page about the site's navigation (${Math.round(navigation.share * 100)}% navigation words)`;
  }
  return undefined;
}
