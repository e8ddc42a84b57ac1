import { describe, expect, it } from 'vitest';
import { offlinePersona } from '../../../src/llm/offline/persona.js';
import { PersonaOutput, type PersonaInput } from '../../../src/llm/tasks.js';

const CLUSTER: PersonaInput = {
  summaries: [
    'Charles Babbage designed the Analytical Engine, a programmable machine with a store and a mill.',
    'Ada Lovelace wrote notes on the Analytical Engine, including a method for Bernoulli numbers.',
    'The Difference Engine was funded by the British government but abandoned in 1833.',
  ],
  keyphrases: ['Analytical Engine', 'Bernoulli numbers', 'Difference Engine', 'punched cards', 'Charles Babbage'],
  takenNames: [],
};

describe('offline personas', () => {
  it('names a role after the cluster’s most prominent term and says what they want to know', () => {
    const persona = offlinePersona(CLUSTER);
    expect(PersonaOutput.safeParse(persona).success).toBe(true);
    expect(persona.name).toMatch(/^Analytical Engine (Researcher|Practitioner|Analyst|Specialist|Student|Enthusiast|Consultant|Educator)$/);
    expect(persona.role_description).toContain('Analytical Engine');
    expect(persona.role_description).toMatch(/Bernoulli numbers|Difference Engine|punched cards/);
  });

  it('never reuses a taken name, even when every role of the top topic is taken', () => {
    const first = offlinePersona(CLUSTER).name;
    const second = offlinePersona({ ...CLUSTER, takenNames: [first.toUpperCase()] }).name;
    expect(second).not.toBe(first);
    const roles = ['Researcher', 'Practitioner', 'Analyst', 'Specialist', 'Student', 'Enthusiast', 'Consultant', 'Educator'];
    const allTaken = roles.map((role) => `Analytical Engine ${role}`);
    const third = offlinePersona({ ...CLUSTER, takenNames: allTaken });
    expect(allTaken).not.toContain(third.name);
    expect(third.name).not.toMatch(/^Analytical Engine /);
  });

  it('names English personas after noun phrases, not verbs or clauses', () => {
    const persona = offlinePersona({
      summaries: ['Champollion became curator at the Louvre, where the stela was found and its hieroglyphs known.'],
      keyphrases: ['Champollion became curator', 'found', 'known', 'hieroglyphs', 'Louvre'],
      takenNames: [],
    });
    expect(persona.name).toMatch(/^Louvre /);
    expect(persona.role_description).not.toMatch(/became curator|\bfound\b|\bknown\b/);
  });

  it('prefers a proper name among the leading terms', () => {
    const persona = offlinePersona({
      summaries: ['The broken part of the stele was never found.', 'In 1822 Champollion read the cartouches.'],
      keyphrases: ['broken part', 'cartouches', 'Champollion'],
      takenNames: [],
    });
    expect(persona.name).toMatch(/^Champollion /);
  });

  it('is deterministic and copes with an empty cluster', () => {
    expect(offlinePersona(CLUSTER)).toEqual(offlinePersona(structuredClone(CLUSTER)));
    const empty = offlinePersona({ summaries: [], keyphrases: [], takenNames: [] });
    expect(PersonaOutput.safeParse(empty).success).toBe(true);
  });
});
