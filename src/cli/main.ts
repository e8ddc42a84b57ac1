import { Command, CommanderError } from 'commander';
import { formatError, RagsetError } from '../errors.js';
import { RAGSET_VERSION } from '../version.js';
import { registerCommands } from './commands/index.js';
import { readConfigFile } from './config-file.js';
import { commandPath, setConfigFile } from './run-spec.js';

/** Every command answers a usage mistake in at most three lines: the error, a suggestion, where help is. */
function quietErrors(command: Command): void {
  command.showSuggestionAfterError(true).configureOutput({
    outputError: (text, write) => write(`${text.trimEnd()}\n(see \`${commandPath(command)} --help\`)\n`),
  });
  for (const sub of command.commands) quietErrors(sub);
}

/** Builds the commander program; tests call it without touching process.argv. */
export function createProgram(): Command {
  const program = new Command('ragset')
    .description('Turn a folder of documents into a RAG evaluation testset through a knowledge graph.')
    .version(RAGSET_VERSION)
    .option('--debug', 'print stack traces on errors')
    .option('--config <file>', 'run settings by stage (default: ./ragset.config.yaml, .yml or .json when present; `ragset init` writes one)')
    .exitOverride();
  registerCommands(program);
  quietErrors(program);
  program.hook('preAction', (root) => {
    setConfigFile(root, readConfigFile(root.opts<{ config?: string }>().config));
  });
  return program;
}

/**
 * The only top-level catch: one line `ragset: <what> — <what to do>` and an exit code
 * (2 usage, 3 no input, 4 unreachable, 5 budget, 6 shortfall, 1 bug).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed help or its own message.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : 2;
    }
    process.stderr.write(`ragset: ${formatError(error)}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof RagsetError ? error.exitCode : 1;
  }
}
