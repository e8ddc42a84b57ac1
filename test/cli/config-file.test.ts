import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configSchemaText } from '../../src/api/config-schema.js';
import { readConfigFile } from '../../src/cli/config-file.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../support/run-cli.js';

/** The config file holds any part of the run spec, by stage; flags win; keys and values are checked. */
const CORPUS = 'examples/corpus';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ragset-config-'));
});
afterEach(() => undefined);

function configFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `ingest --json` totals under a config: chunking settings show in the chunk count. */
async function ingestChunks(args: string[]): Promise<{ code: number; stderr: string; chunks?: number }> {
  const run = await runCli([...args, 'ingest', CORPUS, '--json']);
  return { code: run.code, stderr: run.stderr, chunks: run.code === 0 ? (JSON.parse(run.stdout) as { totals: { chunks: number } }).totals.chunks : undefined };
}

describe('config file', () => {
  it('YAML and JSON hold the same settings and give the same run', async () => {
    const yaml = configFile('ragset.config.yaml', '# small chunks\nchunk:\n  maxTokens: 64\n  overlapTokens: 8\n');
    const json = configFile('ragset.config.json', JSON.stringify({ chunk: { maxTokens: 64, overlapTokens: 8 } }));
    const plain = await ingestChunks([]);
    const fromYaml = await ingestChunks(['--config', yaml]);
    const fromJson = await ingestChunks(['--config', json]);
    expect(fromYaml.code, fromYaml.stderr).toBe(0);
    expect(fromYaml.chunks).toBe(fromJson.chunks);
    expect(fromYaml.chunks).toBeGreaterThan(plain.chunks ?? Infinity);
  });

  it('a flag on the command line wins over the file', async () => {
    const yaml = configFile('ragset.config.yaml', 'chunk:\n  maxTokens: 64\n  overlapTokens: 8\n');
    const fromFile = await ingestChunks(['--config', yaml]);
    const overridden = await runCli(['--config', yaml, 'ingest', CORPUS, '--json', '--max-tokens', '512']);
    const plain = await ingestChunks([]);
    expect(overridden.code, overridden.stderr).toBe(0);
    const chunks = (JSON.parse(overridden.stdout) as { totals: { chunks: number } }).totals.chunks;
    expect(chunks).toBe(plain.chunks);
    expect(chunks).toBeLessThan(fromFile.chunks ?? 0);
  });

  it('is found in the working folder: ragset.config.yaml first', () => {
    configFile('ragset.config.json', '{"generate": {"seed": 1}}');
    configFile('ragset.config.yaml', 'generate:\n  seed: 2\n');
    expect(readConfigFile(undefined, dir)?.values).toEqual({ generate: { seed: 2 } });
    expect(readConfigFile(undefined, tmpdir() + '/does-not-exist')).toBeUndefined();
  });

  it('rejects an unknown key with the nearest valid one', () => {
    const stage = configFile('a.yaml', 'chunks:\n  maxTokens: 64\n');
    expect(() => readConfigFile(stage)).toThrow(UsageError);
    expect(() => readConfigFile(stage)).toThrow(/unknown key "chunks" in config file .*a\.yaml/);
    const field = configFile('b.json', '{"generate": {"sed": 7}}');
    expect(() => readConfigFile(field)).toThrow(/unknown key "generate.sed" in config file .*b\.json/);
    const hint = (path: string) => {
      try {
        readConfigFile(path);
      } catch (error) {
        return (error as UsageError).hint;
      }
    };
    expect(hint(stage)).toMatch(/^did you mean "chunk"\?/);
    expect(hint(field)).toMatch(/^did you mean "seed"\?/);
  });

  it('a value of the wrong type is one line naming the file and the key', async () => {
    const path = configFile('ragset.config.yaml', 'chunk:\n  maxTokens: lots\n');
    const run = await runCli(['--config', path, 'ingest', CORPUS]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ragset: config file .*ragset\.config\.yaml: chunk\.maxTokens: must be a number/);
  });

  it('refuses API keys, prototype keys and unreadable files', async () => {
    expect(() => readConfigFile(configFile('k.yaml', 'llm:\n  apiKey: sk-123\n'))).toThrow(/llm\.apiKey is not allowed/);
    for (const text of ['{ "__proto__": { "seed": 1 } }', '{ "generate": { "__proto__": { "model": "x" } } }', '{ "constructor": { "prototype": {} } }']) {
      expect(() => readConfigFile(configFile('p.json', text))).toThrow(/key "(__proto__|constructor)" is not allowed in config file/);
    }
    expect(({} as Record<string, unknown>).seed).toBeUndefined();
    expect(() => readConfigFile(configFile('bad.json', '{ "seed": '))).toThrow(/cannot read config file/);
    expect(() => readConfigFile(configFile('bad.yaml', 'chunk: [unclosed'))).toThrow(/cannot read config file/);
  });

  it('ships the JSON Schema generated from the stage schemas (npm run schema)', () => {
    expect(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')).toBe(configSchemaText());
    const schema = JSON.parse(configSchemaText()) as { properties: Record<string, { properties?: Record<string, { default?: unknown; description?: string }> }> };
    expect(schema.properties.chunk?.properties?.maxTokens).toMatchObject({ default: 512, description: 'largest chunk, in tokens' });
    expect(schema.properties.llm?.properties?.apiKey).toBeUndefined();
  });

  it('ragset init writes a commented starter that points at the schema and changes nothing until edited', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const run = await runCli(['init']);
      expect(run.code, run.stderr).toBe(0);
      const text = readFileSync(join(dir, 'ragset.config.yaml'), 'utf8');
      const reference = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1];
      expect(reference && existsSync(reference)).toBe(true);
      expect(text).toContain('  # maxTokens: 512');
      expect(readConfigFile(undefined, dir)?.values).toEqual({});
      expect((await runCli(['init'])).code).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });
});
