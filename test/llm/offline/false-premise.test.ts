import { describe, expect, it } from 'vitest';
import { writeFalsePremise } from '../../../src/llm/offline/false-premise.js';
import { offlinePremise } from '../../../src/llm/offline/premise.js';
import { createRng } from '../../../src/rng.js';
import { SynthesizeInput } from '../../../src/llm/tasks.js';

/** The offline false-premise writer on manual-like text, judged by the offline premise check. */

const input = (text: string, extra: Partial<SynthesizeInput> = {}) =>
  SynthesizeInput.parse({
    synthesizer: 'false_premise',
    questionType: 'false_premise',
    contexts: [{ id: 'c', title: 'zsh', text }],
    persona: { name: 'Shell User', role_description: 'Writes shell scripts.' },
    style: 'perfect_grammar',
    length: 'medium',
    focus: [],
    bridge: [],
    language: null,
    ...extra,
  });

const write = (text: string, extra: Partial<SynthesizeInput> = {}) => writeFalsePremise(input(text, extra), createRng('t'));

function judged(text: string, extra: Partial<SynthesizeInput> = {}) {
  const written = write(text, extra);
  if (!written) throw new Error('nothing written');
  const verdict = offlinePremise({ ...written, cited: written.correcting_quote, contexts: input(text).contexts, persona: input(text).persona, style: 'perfect_grammar', length: 'medium' });
  return { written, verdict };
}

describe('offline false-premise writer', () => {
  it('changes a number to one the sentence does not hold, asks why the premise holds and corrects it with the quoted sentence', () => {
    const { written, verdict } = judged('The exit status is 0 if the value is nonzero, 1 if the value is zero, and 2 on error.');
    expect(written.premise).toBe('The exit status is 3 if the value is nonzero, 1 if the value is zero, and 2 on error.');
    expect(written.question).toMatch(/^(Why is it that|How come|I read that) the exit status is 3 /);
    expect(written.answer).toBe(`Not 3 but 0: ${written.correcting_quote}`);
    expect(verdict).toMatchObject({ premise_stated: false, cited_contradicts: true, question_assumes: true });
  });

  it('leaves manual sections and standards alone, and skips sentences that need their neighbours or address the reader', () => {
    // No quantity to change (a manual section, a standard's number) and no auxiliary to negate: nothing to write.
    expect(write('Use the nohup(1) command as described in RFC 1345 for background jobs.')).toBeUndefined();
    expect(write('Furthermore, the history holds 30 lines by default. You can set 40 lines in your file.')).toBeUndefined();
    expect(write('The file descriptor is opened accordingly. True if the SECONDS parameter is at least 10.')).toBeUndefined();
    expect(write('The third character is the comment character. The last search string used by a search (status 3 returned by the widget).')).toBeUndefined();
    expect(write('The history holds 30 lines by default, as described in RFC 1345.')?.premise).toBe('The history holds 60 lines by default, as described in RFC 1345.');
  });

  it('negates a claim only without another negation, and drops a single "not" instead', () => {
    expect(write('The csh shell will never be fully emulated by the emulate builtin.')).toBeUndefined();
    // Read on the zsh manual: a "not" inside a subordinate clause, or before "also", makes no premise anyone holds.
    expect(write('The builtin subcommand supports tests whether a given subcommand is supported.')).toBeUndefined();
    expect(write('Automatic re-opening of the connection is also available.')).toBeUndefined();
    const added = judged('Filename generation is performed on the right hand side of an assignment.');
    expect(added.written.premise).toBe('Filename generation is not performed on the right hand side of an assignment.');
    expect(added.verdict).toMatchObject({ premise_stated: false, cited_contradicts: true, question_assumes: true });
    const dropped = judged('Filename generation is not performed on any argument to conditions.');
    expect(dropped.written.premise).toBe('Filename generation is performed on any argument to conditions.');
    expect(dropped.written.answer).toBe(`That is not so: ${dropped.written.correcting_quote}`);
    expect(dropped.verdict).toMatchObject({ premise_stated: false, cited_contradicts: true, question_assumes: true });
  });

  it('a search-style question keeps the changed number, and the same input always gives the same question', () => {
    const text = 'The shell will open a new file descriptor that is guaranteed to be at least 10 and set the named parameter to the new descriptor.';
    const { written, verdict } = judged(text, { style: 'web_search_like', length: 'short' });
    expect(written.question).toMatch(/^why .*\b20\b/);
    expect(verdict.question_assumes).toBe(true);
    expect(write(text)).toEqual(write(text));
  });
});
