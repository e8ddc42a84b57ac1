/**
 * A document's summary, derived from its chunk summaries without another LLM call: the
 * first sentence of each chunk summary in reading order, until the length budget is used.
 * A one-chunk document keeps its chunk summary whole.
 */
const DEFAULT_MAX_CHARS = 800;

export function documentSummary(
  chunkSummaries: readonly string[],
  maxChars: number = DEFAULT_MAX_CHARS,
): string {
  const summaries = chunkSummaries.map((s) => s.trim()).filter((s) => s.length > 0);
  if (summaries.length === 0) return '';
  if (summaries.length === 1) return truncate(summaries[0] as string, maxChars);
  const parts: string[] = [];
  let length = 0;
  for (const summary of summaries) {
    const sentence = firstSentence(summary);
    const added = parts.length === 0 ? sentence.length : sentence.length + 1;
    if (length + added > maxChars) break;
    parts.push(sentence);
    length += added;
  }
  return parts.length > 0 ? parts.join(' ') : truncate(firstSentence(summaries[0] as string), maxChars);
}

/** Ends at the first `.`, `!` or `?` followed by whitespace, so "2.4 metres" and "U.S." mid-word do not split. */
function firstSentence(text: string): string {
  const match = /^.*?[.!?。](?=\s|$)/su.exec(text);
  return (match ? match[0] : text).trim();
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
