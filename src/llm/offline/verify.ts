import type { AblationInput, AblationOutput, StatementSupport, VerifyCategoriesOutput, VerifyInput, VerifyOutput } from '../tasks.js';

/**
 * The verify and ablation tasks without a model, lexically: the offline synthesizer's
 * answers quote context sentences verbatim, so the answer must be made of runs of context
 * text, each run a statement supported by the context that holds it. Answerability, standalone questions
 * and adherence to style, length and persona are not judged (they come back true); the
 * ragset pre-check still rejects questions that name their source text. The run report
 * says so. Categories are not judged either: the verdict lists none, so each sample records
 * its category adherence as null (not judged), never as followed.
 */

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Shorter runs are too common to count as quoted support (unless they are the whole answer). */
const MIN_RUN_WORDS = 3;

/** Word starts of `text` plus its end: where a run of quoted text may begin or stop. */
function wordBoundaries(text: string): number[] {
  const starts = [...text.matchAll(/\S+/g)].map((match) => match.index);
  return [...starts, text.length];
}

/**
 * The answer's statements: its longest runs that some context holds verbatim (up to
 * whitespace), found greedily from the left. Offline answers quote context sentences, and
 * join sentences the context separates with a heading or a line, so a run ends where the
 * context text does. Containment is monotone in a run's length, so the longest run is found
 * by binary search over word boundaries. A word no context holds is an unsupported statement.
 */
function statements(answer: string, contexts: readonly string[]): { text: string; context: number }[] {
  // Whole words only: padded with spaces, "in" is not found inside "within".
  const flat = contexts.map((context) => ` ${squash(context)} `);
  const holder = (text: string) => flat.findIndex((context) => context.includes(` ${squash(text)} `));
  const bounds = wordBoundaries(answer);
  const out: { text: string; context: number }[] = [];
  let from = 0;
  while (from < bounds.length - 1) {
    let low = from + 1;
    let high = bounds.length - 1;
    let best: number = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (holder(answer.slice(bounds[from], bounds[middle])) !== -1) {
        best = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (best !== -1 && best - from < MIN_RUN_WORDS && !(from === 0 && best === bounds.length - 1)) best = -1;
    const to = best === -1 ? from + 1 : best;
    const text = answer.slice(bounds[from], bounds[to]).trim();
    const previous = out[out.length - 1];
    // Consecutive unsupported words are one unsupported statement.
    if (best === -1 && previous && previous.context === -1) previous.text = `${previous.text} ${text}`;
    else out.push({ text, context: best === -1 ? -1 : holder(text) });
    from = to;
  }
  return out;
}

export function offlineVerify(input: VerifyInput): VerifyOutput | VerifyCategoriesOutput {
  const found = statements(input.answer, input.contexts.map((context) => context.text));
  const support: StatementSupport[] = found.map(({ text, context }) => ({
    statement: text,
    quotes: context === -1 ? [] : [{ context: context + 1, quote: text }],
  }));
  const grounded = found.length > 0 && found.every((statement) => statement.context !== -1);
  return {
    statements: support,
    answerable: grounded,
    standalone: true,
    style_followed: true,
    length_followed: true,
    persona_fits: true,
    problem: grounded ? '' : 'an answer sentence is not in any context',
    ...(input.categories.length > 0 ? { categories_followed: [] } : {}),
  };
}

export function offlineAblation(input: AblationInput): AblationOutput {
  const found = statements(input.answer, input.contexts.map((context) => context.text));
  const kept = found.filter((statement) => statement.context !== -1).map((statement) => statement.text);
  return { answer: kept.join(' '), complete: found.length > 0 && kept.length === found.length };
}
