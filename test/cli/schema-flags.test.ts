import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RUN_STAGES, type StageName } from '../../src/api/spec.js';
import { createProgram } from '../../src/cli/main.js';
import { stageFlagNames } from '../../src/cli/schema-options.js';
import { fieldInfo } from '../../src/schema-fields.js';
import { runCli } from '../support/run-cli.js';

/** The CLI derived from the stage schemas: every flag documented, every default the schema's and shown. */

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

const commands = allCommands(createProgram()).filter((command) => command.parent !== null);
const leafCommands = commands.filter((command) => command.commands.length === 0);
const name = (command: Command) => {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

describe('flags derived from the stage schemas', () => {
  it('every flag of every command has help text', () => {
    const missing = commands.flatMap((command) => command.options.filter((option) => !option.description?.trim()).map((option) => `${name(command)} ${option.flags}`));
    expect(commands.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it("every stage flag shows its schema's default, and the help prints it", () => {
    let checked = 0;
    for (const command of leafCommands) {
      const help = command.helpInformation().replace(/\s+/g, ' ');
      for (const { stage, field, attribute } of stageFlagNames(command)) {
        const option = command.options.find((o) => o.attributeName() === attribute);
        const info = fieldInfo((RUN_STAGES[stage as StageName] as z.ZodObject).shape[field] as z.ZodType);
        expect(option, `${name(command)} ${stage}.${field}`).toBeDefined();
        const value = info.defaultValue;
        const shown = info.hasDefault && value !== false && value !== true && value !== null && !(Array.isArray(value) && value.length === 0);
        if (shown) {
          expect(option?.defaultValue, `${name(command)} ${option?.flags}`).toEqual(value);
          expect(help).toContain(`default: ${JSON.stringify(value)}`);
          checked++;
        }
        if (info.required) expect(option?.description).toMatch(/\(required\)$/);
        if (value === true) expect(option?.negate, `${option?.flags} turns a default-on setting off`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('`--help` prints grouped options and two or three examples', async () => {
    for (const command of leafCommands) {
      const args = name(command).split(' ');
      const run = await runCli([...args, '--help']);
      expect(run.code).toBe(0);
      const examples = run.stdout.split('Examples:')[1] ?? '';
      expect((examples.match(/\$ ragset /g) ?? []).length, args.join(' ')).toBeGreaterThanOrEqual(2);
    }
    const generate = (await runCli(['generate', '--help'])).stdout;
    for (const group of ['Input:', 'Graph:', 'Generation:', 'LLM:', 'Output:']) expect(generate).toContain(`\n${group}\n`);
  });

  it('load options work on every command that loads: build --text-field body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ragset-text-field-'));
    const records = join(dir, 'notes.jsonl');
    const body = (topic: string) => `${topic} is explained here at length, with enough words to pass the hygiene checks for short documents and stubs. `.repeat(4);
    writeFileSync(records, ['Paxos', 'Raft', 'Gossip'].map((topic, i) => JSON.stringify({ id: `n${i}`, title: topic, body: body(topic), content: 'x' })).join('\n'));
    const run = await runCli(['build', records, '--text-field', 'body', '--provider', 'offline', '-o', join(dir, 'g.ragset'), '--cache-dir', join(dir, 'cache'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { report: { documents: number; chunks: number } };
    expect(report.report.documents).toBe(3);
  });

  it('a misspelled flag is at most three lines: the error, the suggestion, the --help pointer', async () => {
    const run = await runCli(['build', 'docs/', '--text-feld', 'body']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(run.stderr).toContain("unknown option '--text-feld'");
    expect(run.stderr).toContain('--text-field');
    expect(lines.at(-1)).toBe('(see `ragset build --help`)');
  });

  it('a bad value names the flag in one line', async () => {
    const run = await runCli(['ingest', 'examples/corpus', '--max-tokens', '8']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('ragset: --max-tokens: must be at least 16 — see `ragset ingest --help`');
  });
});
