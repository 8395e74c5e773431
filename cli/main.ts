/**
 * The `ruleprobe` command: its sub-commands and options. Every sub-command returns its exit code;
 * nothing calls process.exit. Only what parsing the command line needs is imported here: each
 * sub-command's work (specs, engine, reporters, the reference) is imported when it runs, so
 * `--help` and a usage error answer at once.
 */
import { Command, CommanderError, Option } from 'commander';
import { SpecLoadError, UsageError } from '../src/config/errors.js';
import { fsReason } from '../src/config/read.js';
import { RANGES } from '../src/model/ranges.js';
import { UnknownProfileError } from '../specs/errors.js';
import { REPORTER_NAMES } from '../reporters/names.js';
import { EXIT } from './exit-codes.js';
import type * as Commands from './commands.js';
import type { Io } from './io.js';
import { numberOption } from './options.js';

export type { Io, StopSignal } from './io.js';

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Commander collector for a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const PROFILE_HELP = 'the profile of every selected spec: seed (the spec as written, default) or live (the live service), or a profile of your own spec; overrides the target config\'s profile:';
const SPECS_DIR_HELP = 'also load the spec files below this folder (repeatable); shipped specs are always loaded';

/** A failed file system call on a path (ENOENT, EACCES, EISDIR, ...). */
function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

/** The sub-commands' work, loaded on first use. */
const commands = (): Promise<typeof Commands> => import('./commands.js');

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
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .option('--profile <name>', PROFILE_HELP)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts) => {
      code = (await commands()).rules(opts, io);
    });

  program
    .command('sample')
    .description('Print the requests the generators would send for a spec or rule, without sending them')
    .requiredOption('--spec <id>', 'spec id')
    .option('--rule <id>', 'rules whose id or slug starts with this (default: every rule of the spec)')
    .addOption(numberOption('-n, --runs <n>', 'random cases per rule, after the fixed ones', RANGES.runs).default(3))
    .addOption(numberOption('--seed <n>', 'seed of the random cases', RANGES.seed).default(1))
    .addOption(numberOption('--preview <bytes>', 'body bytes shown before truncation', RANGES.previewBytes).default(160))
    .option('--profile <name>', PROFILE_HELP)
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .action(async (opts) => {
      code = await (await commands()).sample(opts, io);
    });

  program
    .command('run')
    .description('Run the selected rules against a target (default: the embedded reference) and print a verdict per rule')
    .option('--target <file>', 'target config (YAML); without it the embedded reference target is started on loopback')
    .option('--spec <id...>', 'only these spec ids')
    .option('--rule <prefix...>', 'only rules whose id or slug starts with one of these')
    .option('--level <level...>', 'only rules of these levels (MUST, SHOULD, MAY)')
    .addOption(numberOption('--runs <n>', 'random cases per rule after the deterministic ones (default 25)', RANGES.runs))
    .addOption(numberOption('--seed <n>', 'seed of the random cases (default: random, printed)', RANGES.seed))
    .addOption(numberOption('--timeout <ms>', 'per-request deadline (default 10000)', RANGES.timeoutMs))
    .addOption(numberOption('--budget <seconds>', 'time budget of the whole run; rules not finished by then are ERROR', RANGES.budgetSeconds))
    .addOption(numberOption('--concurrency <n>', 'rules in flight at once (default 8)', RANGES.concurrency))
    .addOption(numberOption('--rate <n>', 'at most n requests per second (default: unlimited)', RANGES.rate))
    .addOption(numberOption('--max-body <bytes>', 'response bytes read at most (default 1048576); a check that needs the part cut off is ERROR', RANGES.maxBodyBytes))
    .option('--mutant <name>', 'start the embedded reference with this mutant (see ruleprobe serve --list-mutants)')
    .option('--profile <name>', PROFILE_HELP)
    .option('--reporter <name=path>', `a reporter (${REPORTER_NAMES.join(', ')}), to a file with =path, else to stdout; repeat for several (default: console)`, collect, [])
    .addOption(new Option('--fail-on <policy>', 'which verdicts fail the run: must (FAIL), should (+ WARN of SHOULD rules), any (+ every WARN and ERROR)').choices(['must', 'should', 'any']).default('must'))
    .option('--known-failures <file>', 'YAML list of rules (or single failures by fingerprint) expected to fail, each with a reason (and optional expires, link)')
    .option('--baseline <report.json>', 'a previous JSON report: print new failures, fixed rules and still-failing rules, and which failure fingerprints are new, fixed or still there')
    .addOption(numberOption('--max-errors <n>', 'more than n ERROR verdicts fail the run (exit 1); default: ERROR fails the run only with --fail-on any', RANGES.maxErrors))
    .option('--fail-on-regression', 'with --baseline: only failures the baseline did not have fail the run (a rule it failed too, only with a new failure fingerprint)')
    .option('--shard <i/n>', 'run slice i of n of the selected rules (merge the shard reports with ruleprobe merge)')
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .action(async (opts) => {
      code = await (await commands()).run(opts, io);
    });

  program
    .command('replay')
    .description('Re-send exactly the failing cases of a JSON report and say whether each still fails')
    .argument('<report>', 'a report written with --reporter json=FILE')
    .option('--rule <id...>', 'only these rules (id, or slug)')
    .option('--target <file>', 'target config (needed unless the report ran against the embedded reference)')
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .action(async (file: string, opts) => {
      code = await (await commands()).replay(file, opts, io);
    });

  program
    .command('merge')
    .description('Join shard reports of one run into one report, as if it had run unsharded')
    .argument('<reports...>', 'JSON reports of the shards')
    .option('--reporter <name=path>', 'a reporter for the merged report; repeat for several (default: json)', collect, [])
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .action(async (files: string[], opts) => {
      code = await (await commands()).merge(files, opts, io);
    });

  program
    .command('judge')
    .description("Judge requests a client sent (raw HTTP/1.1 or JSON files) by a spec's request rules")
    .requiredOption('--spec <id>', 'spec id')
    .argument('<file...>', 'request files: a raw HTTP/1.1 request, or JSON { method, url, headers, body | bodyBase64 }')
    .option('--entity <kind>', 'the entity kind the requests go to (default: read from each request)')
    .option('--profile <name>', 'judge by the spec under this profile: seed (default) or live, or a profile of your own spec')
    .option('--scheme <scheme>', 'the URL scheme of a raw request whose target is a path', 'https')
    .option('--option <name=value>', "a target option of the requests' target (repeatable), e.g. contentBasedDeduplication=off; a rule that requires an option not given is not applicable", collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--specs-dir <dir>', SPECS_DIR_HELP, collect, [])
    .action(async (files: string[], opts) => {
      code = (await commands()).judge(files, opts, io);
    });

  program
    .command('serve')
    .description('Start the reference implementation as a local fake; print its URL and a matching target config')
    .addOption(numberOption('--port <n>', 'port (0: a free one)', RANGES.port).default(0))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--mutant <name>', 'serve a mutant that breaks one rule')
    .addOption(new Option('--profile <name>', 'what every operation serves: seed (the seed documents, default) or live (the live services)').choices(['seed', 'live']))
    .option('--list-mutants', 'list the mutants and exit')
    .action(async (opts) => {
      code = await (await commands()).serve(opts, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else if (err instanceof SpecLoadError) {
      io.err(`ruleprobe: ${err.kind} is invalid:\n${err.message}\n`);
      code = EXIT.USAGE;
    } else if (err instanceof UsageError || err instanceof UnknownProfileError) {
      io.err(`ruleprobe: ${err.message}\n`);
      code = EXIT.USAGE;
    } else if (isFileSystemError(err)) {
      // A path given on the command line that cannot be used: bad input, named, no stack trace.
      io.err(`ruleprobe: ${err.path ? `${err.path}: ` : ''}${fsReason(err)}${err.syscall ? ` (${err.syscall})` : ''}\n`);
      code = EXIT.USAGE;
    } else {
      throw err;
    }
  }
  return code;
}
