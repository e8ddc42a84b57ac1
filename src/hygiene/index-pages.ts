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
 * its buttons (28 % on zsh's Texinfo manual). Measured on three generated manuals, no content
 * page came near: at most 11 % on the Sphinx manual, 8 % on zsh's, with their navigation bars.
 */
const NAVIGATION_PAGE_SHARE = 0.2;
/** Fewer words than this say too little for a share; short pages fall to the other rules. */
const NAVIGATION_PAGE_MIN_WORDS = 40;
/**
 * Such a page is short (zsh's has 1,500 characters); longer texts are not scanned word by
 * word, which cost half a second on the PostgreSQL manual.
 */
const NAVIGATION_PAGE_MAX_CHARS = 8_000;

export function dotLeaderShare(text: string): number {
  let leaders = 0;
  for (const match of text.matchAll(DOT_LEADER)) leaders += match[0].replace(/\s+/g, '').length;
  // Most texts have no leader at all: then the share is 0 without counting every character.
  return leaders === 0 ? 0 : leaders / visibleLength(text);
}

/** Why a text is a table of contents or an index, or undefined when it is not. */
export function indexReason(text: string, linkShare: number | undefined): string | undefined {
  const leaders = dotLeaderShare(text);
  if (leaders >= INDEX_LEADER_SHARE) return `table of contents or index (${Math.round(leaders * 100)}% dot leaders)`;
  if (linkShare !== undefined && linkShare >= INDEX_LINK_SHARE) return `table of contents or index (${Math.round(linkShare * 100)}% of its text is links)`;
  if (text.length > NAVIGATION_PAGE_MAX_CHARS) return undefined;
  const navigation = navigationWordShare(text);
  if (navigation.words >= NAVIGATION_PAGE_MIN_WORDS && navigation.share >= NAVIGATION_PAGE_SHARE) {
    return `a page about the site's navigation (${Math.round(navigation.share * 100)}% navigation words)`;
  }
  return undefined;
}
