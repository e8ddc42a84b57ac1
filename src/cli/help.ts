import { type Command, Option } from 'commander';

/** `--json`: how the command prints, not what it runs, so it is the CLI's own flag. */
export function outputOptions(command: Command, what = 'the report'): Command {
  return command.addOption(new Option('--json', `print ${what} as JSON`).helpGroup('Output:'));
}

/** Two or three runnable examples under the options of a command's help. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}\n`);
}
