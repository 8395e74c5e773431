/** The `ruleprobe` command. Every sub-command returns its exit code; nothing calls process.exit. */
import { Command, CommanderError, Option } from 'commander';
import { SpecLoadError } from '../src/config/errors.js';
import { loadAllSpecs, SPECS_DIR } from '../specs/loader.js';
import { EXIT } from './exit-codes.js';
import { rulesJson, rulesTable } from './rules-table.js';
import { sample } from './sample.js';
import { sampleCredentials, sampleTarget } from '../src/transport/sample-target.js';
import type { RuleSet } from '../src/model/rule.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The clock signatures are made with; tests fix it. */
  now?: () => Date;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

class UsageError extends Error {}

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`expected a whole number, got "${v}"`);
  return Number(v);
}

function findSpec(sets: RuleSet[], id: string): RuleSet {
  const set = sets.find((s) => s.specId === id);
  if (!set) throw new UsageError(`unknown spec id ${id}; known: ${sets.map((s) => s.specId).join(', ')}`);
  return set;
}

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

  program
    .command('sample')
    .description('Print the requests the generators would send for a spec or rule, without sending them')
    .requiredOption('--spec <id>', 'spec id')
    .option('--rule <id>', 'rules whose id or slug starts with this (default: every rule of the spec)')
    .option('-n, --runs <n>', 'random cases per rule, after the fixed ones', positiveInt, 3)
    .option('--seed <n>', 'seed of the random cases', positiveInt, 1)
    .option('--preview <bytes>', 'body bytes shown before truncation', positiveInt, 160)
    .option('--specs-dir <dir>', 'load spec files from this folder', SPECS_DIR)
    .action(async (opts: { spec: string; rule?: string; runs: number; seed: number; preview: number; specsDir: string }) => {
      const set = findSpec(loadAllSpecs(opts.specsDir), opts.spec);
      const rules = opts.rule ? set.rules.filter((r) => r.id.startsWith(opts.rule!) || r.slug.startsWith(opts.rule!)) : set.rules;
      if (!rules.length) throw new UsageError(`no rule of ${set.specId} matches "${opts.rule}"; see: ruleprobe rules --spec ${set.specId}`);
      const op = set.operation;
      io.out(await sample(set, { rules, runs: opts.runs, seed: opts.seed, preview: opts.preview, now: io.now?.() ?? new Date(), target: sampleTarget(op), credentials: sampleCredentials(op) }));
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
