import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { applyConfig, readConfigFile } from '../../src/cli/config-file.js';
import { UsageError } from '../../src/errors.js';

function program(): { root: Command; seen: () => Record<string, unknown> } {
  let seen: Record<string, unknown> = {};
  const root = new Command('ragset').option('--config <file>').exitOverride();
  root
    .command('generate')
    .option('--seed <seed>', 'seed', '42')
    .option('--mix <spec>')
    .option('--styles <list>')
    .option('--strict')
    .option('--model <id>')
    .action((options: Record<string, unknown>) => {
      seen = options;
    });
  root.command('build').option('--model <id>').action(() => undefined);
  root.hook('preAction', (r, command) => {
    const file = readConfigFile(r.opts<{ config?: string }>().config);
    if (file) applyConfig(r, command, file);
  });
  return { root, seen: () => seen };
}

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ragset-config-')), 'ragset.config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('config file', () => {
  it('fills flags not given on the command line; sections win over the top level; the command line wins over both', async () => {
    const path = configFile({
      seed: 7,
      model: 'top-level-model',
      mix: { single: 0.5, ms: 0.5 },
      styles: ['poor_grammar', 'misspelled'],
      strict: true,
      generate: { model: 'generate-model' },
    });
    const { root, seen } = program();
    await root.parseAsync(['--config', path, 'generate', '--seed', '9'], { from: 'user' });
    expect(seen()).toEqual({ seed: '9', model: 'generate-model', mix: 'single=0.5,ms=0.5', styles: 'poor_grammar,misspelled', strict: true });
  });

  it('rejects unknown keys, naming the file and the key', async () => {
    const path = configFile({ sed: 7 });
    const { root } = program();
    const run = root.parseAsync(['--config', path, 'generate'], { from: 'user' });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/unknown key "sed" in config file .*ragset\.config\.json/);
  });

  it('rejects __proto__, constructor and prototype keys at any depth', async () => {
    for (const text of ['{ "__proto__": { "seed": 1 } }', '{ "generate": { "__proto__": { "model": "x" } } }', '{ "constructor": { "prototype": {} } }']) {
      const { root } = program();
      const run = root.parseAsync(['--config', configFile(text), 'generate'], { from: 'user' });
      await expect(run).rejects.toBeInstanceOf(UsageError);
      await expect(run).rejects.toThrow(/key "(__proto__|constructor)" is not allowed in config file/);
    }
    expect(({} as Record<string, unknown>).seed).toBeUndefined();
  });

  it('rejects invalid JSON with a one-line error', async () => {
    const path = configFile('{ "seed": ');
    const { root } = program();
    await expect(root.parseAsync(['--config', path, 'generate'], { from: 'user' })).rejects.toThrow(/cannot read config file/);
  });
});
