import { isTag, isText, type AnyNode, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { decodeUtf8, normaliseText } from '../text-input.js';
import { visibleLength } from '../white-space.js';
import type { FormatParser } from './types.js';

/** Never content: code, chrome and controls. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas', 'nav', 'button', 'select',
  'textarea', 'form', 'head', 'dialog',
]);
/** Navigation by class or id, the way most generators mark it (`<div class="navheader">`). */
const NAVIGATION_NAME = /^(?:nav|navbar|navigation|navheader|navfooter|breadcrumbs?|menu|sidebar|skip-?link)$/i;
/** Page chrome, dropped only when it belongs to the page rather than to an article or section. */
const PAGE_CHROME = new Set(['header', 'footer', 'aside']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'figure', 'figcaption',
  'address', 'hr', 'details', 'summary', 'header', 'footer', 'aside', 'body', 'html', 'center',
]);
const HEADING = /^h([1-6])$/;
/** ARIA landmarks of page chrome: navigation, the page header (banner), the page footer (contentinfo), search. */
const PAGE_CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search']);
/** Blocks dropped when they are mostly link text: navigation tables, link bars, breadcrumbs, related-page lists. */
const LINK_BLOCKS = new Set(['table', 'ul', 'ol', 'dl', 'div', 'p', 'menu']);
const LINK_DENSE = { minLinks: 3, minLinkShare: 0.75, maxShareOfPage: 0.5 } as const;

function isLink(node: AnyNode): boolean {
  return isTag(node) && node.name === 'a' && node.attribs.href !== undefined;
}

interface LinkStats {
  /** Characters of text, whitespace ignored (of `DomUtils.textContent`). */
  weight: number;
  /** Of those, characters inside links (a link inside a link counts for each). */
  linked: number;
  links: number;
}

/**
 * Link statistics of every node of a tree, computed bottom-up once: asking each block for its
 * text and links anew made nested blocks quadratic, a fifth of loading an HTML manual.
 */
class LinkCounts {
  private readonly stats = new Map<AnyNode, LinkStats>();

  of(node: AnyNode): LinkStats {
    const known = this.stats.get(node);
    if (known) return known;
    let result: LinkStats;
    if (isText(node)) result = { weight: visibleLength(node.data), linked: 0, links: 0 };
    else if ('children' in node) {
      result = { weight: 0, linked: 0, links: 0 };
      for (const child of node.children) {
        const counts = this.of(child);
        result.weight += counts.weight;
        result.linked += counts.linked;
        result.links += counts.links;
      }
      if (isLink(node)) {
        result.linked += result.weight;
        result.links++;
      }
    } else result = { weight: 0, linked: 0, links: 0 };
    if (!isText(node)) this.stats.set(node, result);
    return result;
  }

  /** Share of a node's text that is link text, how many links it has, and its text's weight. */
  density(node: AnyNode): { links: number; share: number; weight: number } {
    const { weight, linked, links } = this.of(node);
    return { links, share: weight === 0 ? 0 : Math.min(1, linked / weight), weight };
  }
}

function isHidden(element: Element): boolean {
  const { attribs } = element;
  return (
    'hidden' in attribs ||
    attribs['aria-hidden'] === 'true' ||
    PAGE_CHROME_ROLES.has(attribs.role ?? '') ||
    `${attribs.class ?? ''} ${attribs.id ?? ''}`.split(/\s+/).some((name) => NAVIGATION_NAME.test(name)) ||
    /display\s*:\s*none/i.test(attribs.style ?? '')
  );
}

function insideContent(element: Element): boolean {
  for (let parent = element.parent; parent && isTag(parent); parent = parent.parent) {
    if (parent.name === 'article' || parent.name === 'section' || parent.name === 'main') return true;
  }
  return false;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Renders HTML as Markdown-flavoured text: headings become `#` lines so the chunker sees
 * the structure, blocks are separated by blank lines, lists get `- `, tables `a | b` rows.
 */
class TextRenderer {
  private readonly blocks: string[] = [];
  constructor(private readonly linkCounts: LinkCounts) {}
  /** Characters of the whole content root: a link block that is most of the page is the page (an index), not chrome. */
  private pageWeight = 0;
  private inline = '';
  /** Marker for the next block written, e.g. `- ` for a list item's first line. */
  private prefix = '';

  render(root: AnyNode): string {
    this.pageWeight = this.linkCounts.of(root).weight;
    this.visit(root);
    this.flush();
    return this.blocks.join('\n\n');
  }

  private flush(): void {
    const text = this.inline
      .split('\n')
      .map((line) => collapse(line))
      .filter((line) => line.length > 0)
      .join('\n');
    this.inline = '';
    if (!text) return;
    this.blocks.push(this.prefix + text);
    this.prefix = '';
  }

  private isLinkBar(node: Element): boolean {
    const density = this.linkCounts.density(node);
    return (
      density.links >= LINK_DENSE.minLinks &&
      density.share >= LINK_DENSE.minLinkShare &&
      density.weight < this.pageWeight * LINK_DENSE.maxShareOfPage
    );
  }

  private visit(node: AnyNode): void {
    if (isText(node)) {
      // Source line breaks are layout, not text (as in a browser); only `<br>` breaks a line.
      this.inline += node.data.replace(/\s+/g, ' ');
      return;
    }
    if (!isTag(node)) {
      if ('children' in node) for (const child of node.children) this.visit(child);
      return;
    }
    const name = node.name;
    if (DROPPED.has(name) || isHidden(node)) return;
    if (PAGE_CHROME.has(name) && !insideContent(node)) return;
    if (LINK_BLOCKS.has(name) && this.isLinkBar(node)) return;
    const heading = HEADING.exec(name);
    if (heading) {
      this.flush();
      const text = collapse(DomUtils.textContent(node));
      if (text) this.blocks.push(`${'#'.repeat(Number(heading[1]))} ${text}`);
      return;
    }
    if (name === 'br') {
      this.inline += '\n';
      return;
    }
    if (name === 'pre') {
      this.flush();
      const code = DomUtils.textContent(node).replace(/^\n+|\s+$/g, '');
      if (code) this.blocks.push(code);
      return;
    }
    if (name === 'table') {
      this.flush();
      const rows = DomUtils.getElementsByTagName('tr', node)
        .map((row) =>
          row.children
            .filter((cell): cell is Element => isTag(cell) && (cell.name === 'td' || cell.name === 'th'))
            .map((cell) => collapse(DomUtils.textContent(cell)))
            .join(' | '),
        )
        .filter((row) => row.replace(/[\s|]/g, '').length > 0);
      if (rows.length > 0) this.blocks.push(rows.join('\n'));
      return;
    }
    if (name === 'li') {
      this.flush();
      this.prefix = '- ';
      for (const child of node.children) this.visit(child);
      this.flush();
      this.prefix = '';
      return;
    }
    const block = BLOCKS.has(name);
    if (block) this.flush();
    for (const child of node.children) this.visit(child);
    if (block) this.flush();
  }
}

/** The main content: `<main>`, else a lone `<article>`, else `<body>`. */
function contentRoot(document: AnyNode): AnyNode {
  const main = DomUtils.findOne((element) => element.name === 'main', [document]);
  if (main) return main;
  const articles = DomUtils.getElementsByTagName('article', document);
  if (articles.length === 1 && articles[0]) return articles[0];
  return DomUtils.findOne((element) => element.name === 'body', [document]) ?? document;
}

/** `<meta http-equiv="refresh" content="0; url=…">` and `<link rel="canonical">`: what makes a page a stub (src/hygiene/stubs.ts). */
function pageSignals(document: AnyNode): Record<string, string> {
  const signals: Record<string, string> = {};
  const refresh = DomUtils.findOne(
    (element) => element.name === 'meta' && element.attribs['http-equiv']?.toLowerCase() === 'refresh',
    [document],
  );
  if (refresh) signals.redirect = /url\s*=\s*['"]?([^'"\s]+)/i.exec(refresh.attribs.content ?? '')?.[1] ?? '';
  const canonical = DomUtils.findOne(
    (element) => element.name === 'link' && (element.attribs.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'),
    [document],
  );
  if (canonical?.attribs.href) signals.canonical = canonical.attribs.href;
  return signals;
}

export const htmlParser: FormatParser = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  async parse({ source, bytes }) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    const document = parseDocument(normaliseText(decoded.text));
    const titleElement = DomUtils.findOne((element) => element.name === 'title', [document]);
    const htmlTitle = titleElement ? collapse(DomUtils.textContent(titleElement)) : '';
    const firstH1 = DomUtils.findOne((element) => element.name === 'h1', [document]);
    const title = htmlTitle || (firstH1 ? collapse(DomUtils.textContent(firstH1)) : '');
    const metadata: Record<string, unknown> = {};
    if (htmlTitle) metadata.htmlTitle = htmlTitle;
    const html = DomUtils.findOne((element) => element.name === 'html', [document]);
    if (html?.attribs.lang) metadata.lang = html.attribs.lang;
    const description = DomUtils.findOne(
      (element) => element.name === 'meta' && element.attribs.name?.toLowerCase() === 'description',
      [document],
    );
    if (description?.attribs.content) metadata.description = collapse(description.attribs.content);
    Object.assign(metadata, pageSignals(document));
    const root = contentRoot(document);
    const linkCounts = new LinkCounts();
    const { share } = linkCounts.density(root);
    if (share > 0) metadata.linkShare = Math.round(share * 100) / 100;
    const text = new TextRenderer(linkCounts).render(root);
    return { ok: true, records: [{ source, ...(title ? { title } : {}), metadata, text }], skipped: [] };
  },
};
