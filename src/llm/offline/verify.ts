import type { AblationInput, AblationOutput, StatementSupport, VerifyInput, VerifyOutput } from '../tasks.js';
import { contextSentences } from './support.js';

/**
 * The verify and ablation tasks without a model, lexically: the offline synthesizer's
 * answers quote context sentences verbatim, so each statement (answer sentence) must be
 * found in a context, and that context is its support. Answerability, standalone questions
 * and adherence to style, length and persona are not judged (they come back true); the
 * ragset pre-check still rejects questions that name their source text. The run report
 * says so.
 */

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The answer's statements: its sentences, each joined with the next until a context holds it. */
function statements(answer: string, contexts: readonly string[]): { text: string; context: number }[] {
  const flat = contexts.map(squash);
  const found = (text: string) => flat.findIndex((context) => context.includes(squash(text)));
  const pieces = contextSentences(answer);
  const out: { text: string; context: number }[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const start = (pieces[i] as { start: number }).start;
    let end = (pieces[i] as { end: number }).end;
    let context = found(answer.slice(start, end));
    // A quoted sentence the segmenter split (an abbreviation, a code line) is found again whole.
    while (context === -1 && i + 1 < pieces.length) {
      i++;
      end = (pieces[i] as { end: number }).end;
      context = found(answer.slice(start, end));
    }
    out.push({ text: answer.slice(start, end).trim(), context });
  }
  return out;
}

export function offlineVerify(input: VerifyInput): VerifyOutput {
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
  };
}

export function offlineAblation(input: AblationInput): AblationOutput {
  const found = statements(input.answer, input.contexts.map((context) => context.text));
  const kept = found.filter((statement) => statement.context !== -1).map((statement) => statement.text);
  return { answer: kept.join(' '), complete: found.length > 0 && kept.length === found.length };
}
