#!/usr/bin/env node
import { main } from './main.js';

// A reader that stops early (`ragset ingest --help | head -1`) closes the pipe: like any Unix
// tool, stop writing and exit quietly instead of printing a stack trace about the broken pipe.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
// Every store and client is closed by now, but a library may keep a socket open (the Neo4j
// driver keeps a connection whose handshake never got an answer): the run is over, so it
// must not keep the process alive. The grace period lets piped output drain.
setTimeout(() => process.exit(), 2000).unref();
