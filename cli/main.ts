/** The `ruleprobe` command. Every sub-command returns its exit code; nothing calls process.exit. */
import { Command, CommanderError, Option } from 'commander';
import { SpecLoadError } from '../specs/errors.js';
import { loadAllSpecs, SPECS_DIR } from '../specs/loader.js';
import { EXIT } from './exit-codes.js';
import { rulesJson, rulesTable } from './rules-table.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

class UsageError extends Error {}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command('ruleprobe')
    .description('Protocol conformance harness: every documented rule of an HTTP API operation becomes a verdict.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('rules')
    .description('List every rule of the selected specs with level, testability, source and ambiguity')
    .option('--spec <id...>', 'only these spec ids (e.g. yandex-message-queue/send-message)')
    .option('--specs-dir <dir>', 'load spec files from this folder', SPECS_DIR)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((opts: { spec?: string[]; specsDir: string; format: 'table' | 'json' }) => {
      let sets = loadAllSpecs(opts.specsDir);
      if (opts.spec) {
        const known = new Set(sets.map((s) => s.specId));
        const unknown = opts.spec.filter((id) => !known.has(id));
        if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
        sets = sets.filter((s) => opts.spec!.includes(s.specId));
      }
      io.out(opts.format === 'json' ? rulesJson(sets) : rulesTable(sets));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else if (err instanceof SpecLoadError) {
      io.err(`ruleprobe: spec file is invalid:\n${err.message}\n`);
      code = EXIT.USAGE;
    } else if (err instanceof UsageError) {
      io.err(`ruleprobe: ${err.message}\n`);
      code = EXIT.USAGE;
    } else {
      throw err;
    }
  }
  return code;
}
