#!/usr/bin/env node
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
// Every store and client is closed by now, but a library may keep a socket open (the Neo4j
// driver keeps a connection whose handshake never got an answer): the run is over, so it
// must not keep the process alive. The grace period lets piped output drain.
setTimeout(() => process.exit(), 2000).unref();
