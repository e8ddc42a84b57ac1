import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Builds and starts the throwaway Neo4j of tools/neo4j (Neo4j 5.26 LTS in-process harness from
 * Maven Central, run on the machine's Java 17): for tests and benchmarks, no Docker needed.
 * The first build resolves the artifacts into ~/.m2 and copies the classpath into
 * tools/neo4j/target/lib; a stamp (hash of pom.xml and the launcher source) skips the build
 * afterwards, so later starts need only `java`.
 */
const LAUNCHER_DIR = dirname(fileURLToPath(import.meta.url));
const SOURCES = ['pom.xml', 'src/main/java/ragset/Launcher.java'];
const STAMP = join(LAUNCHER_DIR, 'target', 'launcher.stamp');
const MAIN_CLASS = 'ragset.Launcher';

export interface Neo4jServerOptions {
  /** Java heap for the server (default 1024). */
  heapMb?: number;
  /** Neo4j page cache (default 512). */
  pageCacheMb?: number;
  /** How long to wait for the server to accept Bolt connections (default 180 s). */
  startTimeoutMs?: number;
  /** Called with one line per build or start step. */
  log?: (line: string) => void;
}

export interface Neo4jServer {
  /** `bolt://127.0.0.1:<port>`, auth disabled. */
  readonly uri: string;
  /** The server's process id (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  /** Stops the server and deletes its store. */
  stop(): Promise<void>;
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(await readFile(join(LAUNCHER_DIR, file)));
  return hash.digest('hex');
}

/** Runs a command, resolving with its output; rejects with the output's tail on failure. */
function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

/** Builds the launcher unless target/ already holds a build of the current sources. */
export async function buildNeo4jLauncher(log: (line: string) => void = () => {}): Promise<void> {
  const hash = await sourceHash();
  const built = existsSync(STAMP) ? (await readFile(STAMP, 'utf8')).trim() : '';
  if (built === hash) return;
  log('building the Neo4j launcher with Maven (the first run downloads Neo4j 5.26 into ~/.m2)…');
  const started = Date.now();
  // A stale classpath (an older Neo4j version's jars) must not survive into the new one.
  await rm(join(LAUNCHER_DIR, 'target', 'lib'), { recursive: true, force: true });
  await run('mvn', ['-q', '-B', 'package'], LAUNCHER_DIR);
  await writeFile(STAMP, `${hash}\n`);
  log(`Neo4j launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Starts a fresh, empty Neo4j and resolves once it accepts Bolt connections. */
export async function startNeo4jServer(options: Neo4jServerOptions = {}): Promise<Neo4jServer> {
  const { heapMb = 1024, pageCacheMb = 512, startTimeoutMs = 180_000, log = () => {} } = options;
  await buildNeo4jLauncher(log);
  const workDir = await mkdtemp(join(tmpdir(), 'ragset-neo4j-'));
  const classpath = [join(LAUNCHER_DIR, 'target', 'classes'), join(LAUNCHER_DIR, 'target', 'lib', '*')].join(delimiter);
  const started = Date.now();
  // stdin stays a pipe: the launcher stops when it closes, so the server never outlives us.
  const child = spawn(
    'java',
    [`-Xmx${heapMb}m`, '-XX:+UseParallelGC', '-cp', classpath, MAIN_CLASS, workDir, String(pageCacheMb)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j did not start within ${startTimeoutMs / 1000} s\n${stderr}`));
    }, startTimeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run java (Java 17+ is needed for the test Neo4j): ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Neo4j exited (code ${code}) before it was ready\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^NEO4J_URI=(\S+?)\/?$/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  }).catch(async (error: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  log(`Neo4j ready at ${uri} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return {
    uri,
    pid: child.pid,
    async stop() {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
