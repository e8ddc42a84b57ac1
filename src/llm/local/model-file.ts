import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { loadRuntime } from './runtime.js';

/**
 * `--model` / `--embedding-model` for the local provider: a GGUF file path, or a model URI
 * (`hf:<user>/<repo>/<file>.gguf`, `hf:<user>/<repo>:<quant>`, or an https URL) that
 * node-llama-cpp downloads once, with a progress bar, into `modelDir` and reuses after.
 */
export const MODEL_URI = /^(hf:|huggingface:|https?:\/\/)/;

/** A download that makes no progress for this long is taken as "no connection". */
const STALL_MS = 60_000;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

async function localFile(path: string, flag: string, cwd: string): Promise<string> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) {
    throw new UsageError(`${flag} ${path}: no such model file`, 'pass a .gguf file path or a model URI such as hf:<user>/<repo>/<file>.gguf');
  }
  return absolute;
}

async function downloadedFile(uri: string, modelDir: string, flag: string): Promise<string> {
  const runtime = await loadRuntime();
  let expected = modelDir;
  try {
    return await runtime.resolveModelFile(uri, { directory: modelDir, download: false, cli: false });
  } catch (error) {
    // Its message names the exact file it looked for; that is where an offline user puts it.
    expected = /"([^"]+\.gguf)"/.exec(firstLine(error))?.[1] ?? modelDir;
  }
  const controller = new AbortController();
  let stall = setTimeout(() => controller.abort(), STALL_MS);
  try {
    return await runtime.resolveModelFile(uri, {
      directory: modelDir,
      download: 'auto',
      cli: process.stderr.isTTY === true,
      signal: controller.signal,
      onProgress: () => {
        clearTimeout(stall);
        stall = setTimeout(() => controller.abort(), STALL_MS);
      },
    });
  } catch (error) {
    const why = controller.signal.aborted ? `no download progress for ${STALL_MS / 1000} s` : firstLine(error);
    throw new UsageError(
      `${flag} ${uri}: cannot download the model (${why})`,
      `offline, copy the GGUF file to ${expected} (or pass its path to ${flag})`,
    );
  } finally {
    clearTimeout(stall);
  }
}

/** The absolute path of the model file, downloading it first when it is a URI not yet fetched. */
export async function resolveModelFile(spec: string, options: { modelDir: string; flag: string; cwd?: string }): Promise<string> {
  return MODEL_URI.test(spec) ? downloadedFile(spec, options.modelDir, options.flag) : localFile(spec, options.flag, options.cwd ?? process.cwd());
}

/** What usage tables and cache keys call the model: its file name. */
export function modelName(path: string): string {
  return basename(path);
}
