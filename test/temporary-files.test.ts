import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveGraph } from '../graph/stores/graph-file.js';
import { createMemoryStore } from '../graph/stores/memory.js';
import { writeFileAtomic } from '../src/testset/write.js';

let dir: string;
let live: ReturnType<typeof spawn> | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-temporary-'));
});
afterEach(async () => {
  live?.kill();
  live = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (as a process killed with -9 mid-save). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

function livePid(): number {
  live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  return live.pid as number;
}

describe('stale temporary files', () => {
  it('a save removes the temporary files of dead processes beside its target, and nothing else', async () => {
    const dead = await deadPid();
    const running = livePid();
    const stale = [`graph.ragset.${dead}.tmp`, `graph.ragset.${dead}.7.tmp`];
    const kept = [`graph.ragset.${running}.tmp`, `other.ragset.${dead}.tmp`, `graph.ragset.notes.tmp`, 'graph.ragset.bak'];
    for (const name of [...stale, ...kept]) await writeFile(join(dir, name), 'partial');

    await saveGraph(createMemoryStore(), join(dir, 'graph.ragset'));
    expect((await readdir(dir)).sort()).toEqual([...kept, 'graph.ragset'].sort());
  });

  it('an atomic text write (testset, run record, report) does the same for its target', async () => {
    const dead = await deadPid();
    await writeFile(join(dir, `testset.jsonl.${dead}.3.tmp`), '{"half":');
    await writeFile(join(dir, `testset.jsonl.${process.pid}.99.tmp`), 'this process may be writing it');
    await writeFileAtomic(join(dir, 'testset.jsonl'), '{}\n');
    expect((await readdir(dir)).sort()).toEqual(['testset.jsonl', `testset.jsonl.${process.pid}.99.tmp`].sort());
  });
});
