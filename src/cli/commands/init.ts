import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { withExamples } from '../help.js';

/**
 * `ragset init`: writes a commented starter `ragset.config.yaml` in the working folder,
 * pointing editors at the shipped JSON Schema for completion and checking.
 */
export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .description('write a commented starter ragset.config.yaml (every setting, at its default) in the working folder')
    .addOption(new Option('--force', 'replace an existing ragset.config.yaml').helpGroup('Output:'));
  withExamples(command, ['ragset init', 'ragset init --force']);
  command.action(async (flags: { force?: boolean }) => {
    const [{ starterConfig }, { shippedConfigSchema }, { writeFileAtomic }] = await Promise.all([
      import('../../api/starter-config.js'),
      import('../../api/config-schema.js'),
      import('../../testset/write.js'),
    ]);
    const path = resolve('ragset.config.yaml');
    if (existsSync(path) && !flags.force) throw new UsageError(`${path} exists`, 'edit it, or pass --force to replace it');
    // A path relative to the project when ragset is installed in it; the installed copy's otherwise.
    const schema = shippedConfigSchema();
    const local = resolve('node_modules/ragset/assets/ragset.config.schema.json');
    const reference = existsSync(local) ? `./${relative(process.cwd(), local)}` : schema;
    await writeFileAtomic(path, starterConfig(reference));
    process.stdout.write(`wrote ${path}${reference ? ` (schema: ${reference})` : ''}\n`);
  });
}
