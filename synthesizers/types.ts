import type { GraphStore } from '../graph/store.js';
import type { QuestionType } from '../src/llm/tasks.js';
import type { Rng } from '../src/rng.js';
import type { Bridge, Difficulty } from '../src/testset/sample.js';
import type { RequestedCategory } from '../src/llm/tasks.js';
import type { Corpus } from './corpus.js';
import type { Persona } from './personas.js';

/**
 * A synthesizer is plain data: where its questions can come from (`candidates`), what one
 * question is about (`scenario`) and what the model is told to do (`instructions`). The
 * prompt frame, the LLM call (task `synthesize`, output `SynthesizeOutput`) and the sample
 * record are shared, so a user-registered synthesizer gets retries, de-duplication,
 * provenance and accounting for free.
 */

/** A term a question may be about: shown to the model as `text`, identified by `key`. */
export interface FocusTerm {
  text: string;
  key: string;
  /** Relative chance of being chosen (idf: rarer terms are likelier, boilerplate less so). */
  weight: number;
}

/** A group of chunks that can ground one kind of question, before persona and style are chosen. */
export interface Candidate {
  /** Chunk ids shown to the model, in this order. */
  chunkIds: string[];
  /** Distinct document ids of those chunks, ascending; questions are spread across these. */
  documentIds: string[];
  /**
   * What questions about this candidate can focus on. Each use of the candidate takes a
   * different term, so the candidate supports `max(1, focus.length)` questions.
   */
  focus: FocusTerm[];
  /** How strongly the chunks are linked (edge score): recorded in the bridge, and stronger links are drawn first. */
  score: number;
  /** Themes the chunks share (abstract questions). */
  themes: string[];
}

/** What one question is about, as chosen by the synthesizer. */
export interface ScenarioFocus {
  /** Terms shown to the model as the question's subject. */
  focus: string[];
  /** What joins the contexts, recorded in the sample; null for single-hop questions. */
  bridge: Bridge | null;
  /** The bridge as shown to the model (display names or themes); empty for single-hop. */
  bridgeTerms: string[];
}

/** Everything one LLM call needs, fixed before the call so runs are reproducible. */
export interface Scenario extends ScenarioFocus {
  synthesizer: string;
  chunkIds: string[];
  persona: Persona;
  style: string;
  length: string;
  /** The sample's category in every configured dimension; its description goes into the prompt. */
  categories: RequestedCategory[];
  /**
   * The retrieval difficulty the slot wants, which steers the wording (phrasing.ts): `hard`
   * paraphrases, `easy` names the contexts' rarest terms; null when the run asks for no difficulty mix.
   */
  difficulty: Difficulty | null;
}

export interface Synthesizer {
  /** Name recorded in samples and used in `--mix`, e.g. `single_hop_specific`. */
  readonly name: string;
  /** Short names accepted in `--mix` (`single`, `s`, …). */
  readonly aliases: readonly string[];
  /**
   * Every candidate the graph offers, in a deterministic order (the plan shuffles with the
   * seeded rng; the synthesizer never draws here).
   */
  candidates(store: GraphStore, corpus: Corpus): Promise<Candidate[]>;
  /**
   * The subject of use number `round` (0, 1, …) of a candidate. `rng` is derived from the run
   * seed and the candidate, so the same candidate and round always give the same subject.
   */
  scenario(candidate: Candidate, rng: Rng, round: number): ScenarioFocus;
  /** What kind of question to write, added to the shared prompt frame. */
  readonly instructions: string;
  /**
   * What the question asks of the corpus (default `answerable`). `unanswerable` changes the
   * output schema, the verify stage and the sample's fields (synthesizers/unanswerable-sample.ts).
   */
  readonly questionType?: QuestionType;
}
