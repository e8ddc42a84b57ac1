/**
 * Whether a model-written label repeats its instructions instead of answering them: small
 * models copy the schema's field hints ("One or two sentences: who they are…") or the
 * example inside one ("Network Operations Engineer") into the answer. A label echoes when it
 * is, after normalisation, a whole hint or a quoted example of one, or when at least half of
 * its word trigrams come from the hints.
 */
const ECHO_SHARE = 0.5;

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

function trigrams(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 2; i < list.length; i++) out.push(`${list[i - 2]} ${list[i - 1]} ${list[i]}`);
  return out;
}

/** Text between double quotes (straight or curly) in the hints: the examples they give. */
function quotedExamples(hints: readonly string[]): string[] {
  return hints.flatMap((hint) => [...hint.matchAll(/["“]([^"”]+)["”]/g)].map((match) => match[1] ?? ''));
}

export function echoesHints(label: string, hints: readonly string[]): boolean {
  const labelWords = words(label);
  if (labelWords.length === 0) return false;
  const whole = labelWords.join(' ');
  const exact = new Set([...hints, ...quotedExamples(hints)].map((hint) => words(hint).join(' ')));
  if (exact.has(whole)) return true;
  const own = trigrams(labelWords);
  if (own.length === 0) return false;
  const known = new Set(hints.flatMap((hint) => trigrams(words(hint))));
  return own.filter((trigram) => known.has(trigram)).length >= ECHO_SHARE * own.length;
}
