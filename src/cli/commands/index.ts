import type { Command } from 'commander';
import { registerBuild } from './build.js';
import { registerExport } from './export.js';
import { registerGraph } from './graph.js';
import { registerGenerate } from './generate.js';
import { registerIngest } from './ingest.js';
import { registerInit } from './init.js';
import { registerMerge } from './merge.js';
import { registerProfile } from './profile.js';
import { registerReport } from './report.js';
import { registerReview } from './review.js';

/**
 * Each command module declares its flags and lazily imports its implementation, so
 * `ragset --help` loads no heavy dependency. Add one line per command.
 */
export function registerCommands(program: Command): void {
  registerBuild(program);
  registerExport(program);
  registerGraph(program);
  registerGenerate(program);
  registerIngest(program);
  registerInit(program);
  registerMerge(program);
  registerProfile(program);
  registerReport(program);
  registerReview(program);
}
