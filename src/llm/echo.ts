/**
 * Whether a model-written label repeats its instructions instead of answering them: small
 * models copy the schema's field hints ("One or two sentences: who they are…") or the
 * example inside one ("Network Operations Engineer") into the answer, or start a question with
 * the task itself ("Write one specific, factual question about the focus term…"). A label
 * echoes when it is, after normalisation, a whole hint or a quoted example of one, when at
 * least half of its word trigrams come from the hints, or when it holds a run of
 * `ECHO_RUN` words of one hint: no real question or name repeats six words of an
 * instruction, while an echo that drifts off into its own words after the copied start
 * keeps its trigram share low.
 */
const ECHO_SHARE = 0.5;
const ECHO_RUN = 6;

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

function ngrams(list: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = n; i <= list.length; i++) out.push(list.slice(i - n, i).join(' '));
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
  const hintWords = hints.map(words);
  const runs = new Set(hintWords.flatMap((list) => ngrams(list, ECHO_RUN)));
  if (ngrams(labelWords, ECHO_RUN).some((run) => runs.has(run))) return true;
  const own = ngrams(labelWords, 3);
  if (own.length === 0) return false;
  const known = new Set(hintWords.flatMap((list) => ngrams(list, 3)));
  return own.filter((trigram) => known.has(trigram)).length >= ECHO_SHARE * own.length;
}

/**
 * Whether an answer only repeats its question, word for word once case and punctuation are
 * set aside: small models copy a heading into both ("10 Jobs & Signals (zsh)" → "10 Jobs &
 * Signals (zsh)", SmolLM2-135M and Gemma 3 270M on the zsh manual; "champollion" →
 * "champollion"). No question is answered by itself, so no judge is needed to see it.
 */
export function answerRepeatsQuestion(question: string, answer: string): boolean {
  const asked = words(question).join(' ');
  return asked !== '' && asked === words(answer).join(' ');
}
