/**
 * Command lines that are wrong, each with what stderr must say. `FILE:<name>` is replaced by a file
 * the test writes (`notjson`: not JSON; `afile`: any file), `DIR` by a temporary folder.
 */
export interface ArgvCase {
  name: string;
  argv: string[];
  /** A substring stderr must contain (the option, the value, what is wrong). */
  says: string;
}

const YMQ = 'yandex-message-queue/send-message';

export const ARGV_CASES: ArgvCase[] = [
  { name: 'unknown command', argv: ['frobnicate'], says: "unknown command 'frobnicate'" },
  { name: 'unknown option', argv: ['run', '--colour'], says: "unknown option '--colour'" },
  { name: 'missing option value', argv: ['run', '--target'], says: "option '--target <file>' argument missing" },
  { name: 'bad choice of --fail-on', argv: ['run', '--fail-on', 'sometimes'], says: "'sometimes' is invalid" },
  { name: 'bad choice of --format', argv: ['rules', '--format', 'xml'], says: "'xml' is invalid" },
  { name: '--runs not a number', argv: ['run', '--runs', 'many'], says: '--runs takes a whole number of cases from 0 to 100000, got "many"' },
  { name: '--seed negative', argv: ['run', '--seed', '-1'], says: '-1' },
  { name: '--shard without a slash', argv: ['run', '--shard', '3'], says: '--shard takes i/n with 1 ≤ i ≤ n, got "3"' },
  { name: '--shard 0/2', argv: ['run', '--shard', '0/2'], says: '--shard takes i/n with 1 ≤ i ≤ n, got "0/2"' },
  { name: '--shard 3/2', argv: ['run', '--shard', '3/2'], says: '--shard takes i/n with 1 ≤ i ≤ n, got "3/2"' },
  { name: '--shard 1/0', argv: ['run', '--shard', '1/0'], says: '--shard takes i/n with 1 ≤ i ≤ n, got "1/0"' },
  { name: 'unknown --level', argv: ['run', '--level', 'MAYBE'], says: '--level takes MUST, SHOULD or MAY, got MAYBE' },
  { name: 'unknown spec id on run', argv: ['run', '--spec', 'no-such/spec'], says: 'no-such/spec' },
  { name: 'unknown spec id on rules', argv: ['rules', '--spec', 'no-such/spec'], says: 'unknown spec id no-such/spec; known:' },
  { name: 'unknown spec id on sample', argv: ['sample', '--spec', 'no-such/spec'], says: 'unknown spec id no-such/spec; known:' },
  { name: 'unknown rule prefix on run', argv: ['run', '--spec', YMQ, '--rule', 'zzz-no-such-rule'], says: 'no rule matches the selection' },
  { name: 'unknown rule prefix on sample', argv: ['sample', '--spec', YMQ, '--rule', 'zzz-no-such-rule'], says: `no rule of ${YMQ} matches "zzz-no-such-rule"` },
  { name: 'unknown profile on run', argv: ['run', '--spec', YMQ, '--profile', 'staging'], says: 'staging' },
  { name: 'unknown profile on rules', argv: ['rules', '--profile', 'staging'], says: 'staging' },
  { name: 'unknown mutant on run', argv: ['run', '--mutant', 'no-such-mutant'], says: 'unknown mutant "no-such-mutant"; see ruleprobe serve --list-mutants' },
  { name: 'empty mutant on run', argv: ['run', '--mutant', ''], says: 'unknown mutant ""' },
  { name: 'unknown mutant on serve', argv: ['serve', '--mutant', 'no-such-mutant'], says: 'unknown mutant "no-such-mutant"' },
  { name: '--mutant with --target', argv: ['run', '--mutant', `${YMQ}/delay-seconds-range`, '--target', 'FILE:afile'], says: '--mutant applies to the embedded reference only' },
  { name: '--fail-on-regression without --baseline', argv: ['run', '--fail-on-regression'], says: '--fail-on-regression needs --baseline' },
  { name: 'unknown reporter', argv: ['run', '--reporter', 'pdf=out.pdf'], says: 'unknown reporter "pdf"' },
  { name: 'reporter without a name', argv: ['run', '--reporter', '=out.json'], says: 'no reporter name before "="' },
  { name: 'reporter without a file', argv: ['run', '--reporter', 'json='], says: 'no file after "="' },
  { name: 'reporter json to a directory', argv: ['run', '--reporter', 'json=DIR'], says: 'it is a folder; name a file in it' },
  { name: 'reporter path below a file', argv: ['run', '--reporter', 'json=FILE:afile/sub/report.json'], says: 'is a file, not a folder' },
  { name: 'two reporters to one file', argv: ['run', '--reporter', 'json=DIR/r.out', '--reporter', 'junit=DIR/r.out'], says: 'the json reporter writes that file too' },
  { name: 'reporter to a directory on merge', argv: ['merge', 'FILE:notjson', '--reporter', 'json=DIR'], says: 'it is a folder; name a file in it' },
  { name: '--target missing file', argv: ['run', '--target', 'DIR/missing.yaml'], says: 'cannot read: no such file' },
  { name: '--target a directory', argv: ['run', '--target', 'DIR'], says: 'cannot read: a folder, not a file' },
  { name: '--known-failures missing file', argv: ['run', '--known-failures', 'DIR/missing.yaml'], says: 'cannot read: no such file' },
  { name: '--known-failures a directory', argv: ['run', '--known-failures', 'DIR'], says: 'cannot read: a folder, not a file' },
  { name: '--baseline not JSON', argv: ['run', '--baseline', 'FILE:notjson'], says: 'not a readable JSON report' },
  { name: '--baseline a directory', argv: ['run', '--baseline', 'DIR'], says: 'not a readable JSON report' },
  { name: '--specs-dir missing', argv: ['rules', '--specs-dir', 'DIR/missing'], says: '--specs-dir DIR/missing: no such folder' },
  { name: '--specs-dir a file', argv: ['rules', '--specs-dir', 'FILE:afile'], says: 'a file, not a folder' },
  { name: 'merge of a file that is no report', argv: ['merge', 'FILE:notjson'], says: 'not a readable JSON report' },
  { name: 'merge without reports', argv: ['merge'], says: "missing required argument 'reports'" },
  { name: 'replay of a missing report', argv: ['replay', 'DIR/missing.json'], says: 'not a readable JSON report' },
  { name: 'judge of a missing request file', argv: ['judge', '--spec', YMQ, 'DIR/missing.http'], says: 'cannot read DIR/missing.http' },
  { name: 'judge with an unknown entity kind', argv: ['judge', '--spec', YMQ, '--entity', 'lake', 'FILE:afile'], says: 'unknown entity kind "lake"' },
  { name: 'serve --host 999.1.1.1', argv: ['serve', '--host', '999.1.1.1'], says: 'cannot listen on 999.1.1.1: --host 999.1.1.1 is neither an IP address nor a name this machine resolves' },
];
