/**
 * Known-failures files of the real servers (test/servers/known/<server>.yaml, schema
 * known.schema.json): load with located problems, compare with a run, update from a run keeping
 * what was written by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatProblem, SpecLoadError, type SpecProblem } from '../../src/config/errors.js';
import { createAjv, parseYaml, schemaProblems } from '../../src/config/yaml.js';
import type { RuleSource } from '../../src/model/rule.js';
import type { Verdict, VerdictRecord } from '../../src/runner/verdict.js';
import type { ServerName } from './servers.js';

export const KNOWN_DIR = join(import.meta.dirname, 'known');
export const knownFile = (server: ServerName): string => join(KNOWN_DIR, `${server}.yaml`);

export interface Document {
  section?: string;
  quote?: string;
  ref?: string;
}

export interface Evidence {
  request?: string;
  status?: number;
  code?: string;
  excerpt: string;
}

export interface KnownEntry {
  verdict: Exclude<Verdict, 'PASS'>;
  document?: Document;
  evidence?: Evidence;
  note?: string;
  harnessDefect?: string;
  todo?: string;
  draft?: Record<string, string>;
}

export interface KnownFile {
  server: ServerName;
  version: string;
  spec: string;
  seed: number;
  runs: number;
  /** Keyed by rule slug. */
  rules: Record<string, KnownEntry>;
}

const validate = createAjv().compile<KnownFile>(JSON.parse(readFileSync(join(import.meta.dirname, 'known.schema.json'), 'utf8')) as object);

/** Parses and validates a known-failures file; every problem located (file:line:column pointer). */
export function parseKnown(text: string, file: string): KnownFile {
  const { data, locator } = parseYaml(text, file);
  if (!validate(data)) {
    const problems: SpecProblem[] = schemaProblems(validate.errors ?? []).map((p) => ({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message }));
    throw new SpecLoadError(problems);
  }
  return data;
}

export function loadKnown(server: ServerName): KnownFile | undefined {
  const file = knownFile(server);
  if (!existsSync(file)) return undefined;
  try {
    return parseKnown(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if (err instanceof SpecLoadError) throw new Error(err.problems.map(formatProblem).join('\n'), { cause: err });
    throw err;
  }
}

export const slugOf = (specId: string, ruleId: string): string => ruleId.slice(specId.length + 1);

export interface VerdictChange {
  rule: string;
  expected: Verdict;
  actual: Verdict;
  /** The failure's message (or the reason of a SKIP, UNTESTABLE or ERROR). */
  message: string;
}

/** What a record says in one line: its first failure's check, expected and actual, or its reason. */
export function messageOf(r: VerdictRecord): string {
  const f = r.failure;
  if (f) return `${f.check}: ${f.message} (case ${f.caseLabel}; expected ${f.expected}, actual ${f.actual.slice(0, 300)})`;
  return r.reason ?? '';
}

/** Every rule whose verdict differs from what the file lists (a rule not listed is PASS). */
export function verdictChanges(known: KnownFile, records: VerdictRecord[]): VerdictChange[] {
  const out: VerdictChange[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const slug = slugOf(known.spec, r.ruleId);
    seen.add(slug);
    const expected = known.rules[slug]?.verdict ?? 'PASS';
    if (expected !== r.verdict) out.push({ rule: r.ruleId, expected, actual: r.verdict, message: messageOf(r) });
  }
  for (const [slug, e] of Object.entries(known.rules)) {
    if (!seen.has(slug)) out.push({ rule: `${known.spec}/${slug}`, expected: e.verdict, actual: 'PASS', message: 'the run has no such rule' });
  }
  return out;
}

export function formatChanges(server: string, changes: VerdictChange[]): string {
  return [`${server}: ${changes.length} verdict(s) differ from ${server}.yaml:`, ...changes.map((c) => `  ${c.rule}: expected ${c.expected}, actual ${c.actual} — ${c.message}`)].join('\n');
}

function sourceText(s: RuleSource): string {
  return [s.section, s.item, s.quote && `"${s.quote}"`, s.ref].filter(Boolean).join(' · ');
}

/** What a person needs to write an entry: the rule's document item and what the run saw. */
export function draftOf(r: VerdictRecord): Record<string, string> {
  const d: Record<string, string> = { source: sourceText(r.source), requirement: r.requirement };
  const f = r.failure;
  if (!f) return { ...d, reason: r.reason ?? '' };
  d['case'] = f.caseLabel;
  d['check'] = f.check;
  d['expected'] = f.expected;
  d['actual'] = f.actual.slice(0, 400);
  d['message'] = f.message;
  if (f.response) d['response'] = `${f.response.status} ${f.response.body.replace(/\s+/g, ' ').trim().slice(0, 400)}`;
  return d;
}

export interface Update {
  file: KnownFile;
  /** One line per change, for the console. */
  changes: string[];
}

/**
 * The file for a run: every non-PASS rule in run order. An entry whose verdict still holds keeps
 * all it had; one whose verdict changed keeps its hand-written parts and gets a todo; a new one
 * gets a todo and a draft; an entry whose rule now passes goes.
 */
export function updateKnown(old: KnownFile | undefined, server: ServerName, version: string, spec: string, seed: number, runs: number, records: VerdictRecord[]): Update {
  const rules: Record<string, KnownEntry> = {};
  const changes: string[] = [];
  if (old && old.version !== version) changes.push(`version ${old.version} → ${version}`);
  for (const r of records) {
    const slug = slugOf(spec, r.ruleId);
    const was = old?.rules[slug];
    if (r.verdict === 'PASS') {
      if (was) changes.push(`${slug}: ${was.verdict} → PASS (entry removed)`);
      continue;
    }
    if (was && was.verdict === r.verdict) {
      rules[slug] = was.todo ? { ...was, draft: draftOf(r) } : was;
      continue;
    }
    const { todo: _todo, draft: _draft, ...kept } = was ?? {};
    rules[slug] = {
      ...kept,
      verdict: r.verdict,
      todo: was
        ? `the verdict changed from ${was.verdict} to ${r.verdict}: check the document item and the evidence against the draft, then delete this todo and the draft`
        : 'new: write the document item (seed section and quote, or PROTOCOL-FACTS §) and the evidence from the draft, or harnessDefect if the document does not support the verdict; then delete this todo and the draft',
      draft: draftOf(r),
    };
    changes.push(`${slug}: ${was?.verdict ?? 'PASS'} → ${r.verdict}${was ? '' : ' (new entry, todo)'}`);
  }
  return { file: { server, version, spec, seed, runs, rules }, changes };
}

const HEADER = (f: KnownFile): string =>
  [
    `# Known failures of ${f.server} ${f.version} under ${f.spec} (seed ${f.seed}, ${f.runs} runs): every rule`,
    '# that does not PASS, with the document item it rests on and what the server answered. A rule',
    '# not listed must PASS (test/servers/real-servers.test.ts). `npm run compat -- --write` rewrites',
    '# the verdicts and keeps document, evidence, note and harnessDefect; an entry with a todo fails',
    '# the test until someone writes why. Schema: ../known.schema.json.',
    '',
  ].join('\n');

export function knownText(f: KnownFile): string {
  return HEADER(f) + stringify(f, { lineWidth: 0 });
}
