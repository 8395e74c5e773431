/**
 * `npm run compat [-- --write] [--server NAME…]`: runs the Yandex spec against each real server
 * (started here, stopped afterwards), prints every verdict that differs from its known-failures
 * file, and with --write rewrites the files (verdicts regenerated; document, evidence, note and
 * harnessDefect kept where the verdict still holds; new and changed entries get a todo) and the
 * README matrix. `--matrix` only rewrites the README matrix from the files as they are (after
 * writing entries by hand), without starting a server. Exit 0 when nothing differs (or after
 * --write / --matrix), 1 when something does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSpecs } from '../../specs/loader.js';
import { formatChanges, knownFile, knownText, loadKnown, slugOf, updateKnown, verdictChanges, type KnownFile } from './known.js';
import { renderMatrix, replaceMatrix } from './matrix.js';
import { compatRun, RUNS, SEED, SPEC_ID } from './run.js';
import { locateServer, SERVER_NAMES, type ServerName } from './servers.js';

const README = join(import.meta.dirname, '../../README.md');

export function specRuleSlugs(): string[] {
  const set = loadSpecs().find((s) => s.specId === SPEC_ID);
  if (!set) throw new Error(`no spec ${SPEC_ID}`);
  return set.rules.map((r) => slugOf(SPEC_ID, r.id));
}

/** The README matrix from the known-failures files as they are on disk. */
export function currentMatrix(): string {
  return renderMatrix(
    SPEC_ID,
    specRuleSlugs(),
    SERVER_NAMES.map((server) => {
      const known = loadKnown(server);
      return known ? { server, known } : { server };
    }),
  );
}

function writeReadmeMatrix(): void {
  const readme = readFileSync(README, 'utf8');
  const next = replaceMatrix(readme, currentMatrix());
  if (next !== readme) writeFileSync(README, next);
  console.log(`README.md matrix ${next === readme ? 'unchanged' : 'rewritten'}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, matrix: { type: 'boolean', default: false }, server: { type: 'string', multiple: true } } });
  if (values.matrix) {
    writeReadmeMatrix();
    return 0;
  }
  const names = (values.server ?? [...SERVER_NAMES]) as ServerName[];
  const unknown = names.filter((n) => !SERVER_NAMES.includes(n));
  if (unknown.length) {
    console.error(`compat: unknown server ${unknown.join(', ')}; known: ${SERVER_NAMES.join(', ')}`);
    return 2;
  }
  let differs = false;
  for (const name of names) {
    const server = locateServer(name);
    if ('missing' in server) {
      console.log(`${name}: SKIP — ${server.missing}; its known-failures file is left as it is`);
      continue;
    }
    const started = Date.now();
    const run = await compatRun(server);
    const counts = new Map<string, number>();
    for (const r of run.records) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    console.log(`${name}: ${server.origin}, ${Math.round((Date.now() - started) / 1000)} s: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}`);
    const old: KnownFile | undefined = loadKnown(name);
    const changes = old ? verdictChanges(old, run.records) : [];
    if (!old) console.log(`  no ${knownFile(name)} yet`);
    else if (changes.length) console.log(formatChanges(name, changes).replace(/^/gm, '  '));
    else console.log(`  every verdict as ${name}.yaml lists it`);
    if (old && old.version !== server.version) console.log(`  ${name}.yaml is for version ${old.version}, this is ${server.version}`);
    if (!old || changes.length || old.version !== server.version) differs = true;
    if (values.write) {
      const update = updateKnown(old, name, server.version, SPEC_ID, SEED, RUNS, run.records);
      writeFileSync(knownFile(name), knownText(update.file));
      const todos = Object.values(update.file.rules).filter((e) => e.todo).length;
      console.log(`  wrote ${knownFile(name)}${update.changes.length ? `: ${update.changes.join('; ')}` : ' (verdicts unchanged)'}${todos ? `; ${todos} entr${todos === 1 ? 'y has a' : 'ies have a'} todo` : ''}`);
    }
  }
  if (values.write) {
    writeReadmeMatrix();
    return 0;
  }
  return differs ? 1 : 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
