/**
 * The README's real-server compatibility matrix (rule × server), rendered from the known-failures
 * files alone, between two markers; the same text the test compares and `npm run compat -- --write`
 * writes.
 */
import type { KnownFile } from './known.js';

export const BEGIN = '<!-- real-server-matrix:begin (npm run compat -- --write) -->';
export const END = '<!-- real-server-matrix:end -->';

export interface MatrixColumn {
  server: string;
  /** Absent: no known-failures file yet. */
  known?: KnownFile;
}

/** The matrix in Markdown; `ruleSlugs` in spec order. */
export function renderMatrix(spec: string, ruleSlugs: string[], columns: MatrixColumn[]): string {
  const head = columns.map((c) => (c.known ? `${c.server} ${c.known.version}` : `${c.server} (no file)`));
  const cell = (c: MatrixColumn, slug: string): string => {
    const e = c.known?.rules[slug];
    if (!c.known) return '—';
    if (!e) return 'PASS';
    return e.harnessDefect ? `${e.verdict}†` : e.todo ? `${e.verdict}?` : e.verdict;
  };
  const rows = ruleSlugs.map((slug) => `| \`${slug}\` | ${columns.map((c) => cell(c, slug)).join(' | ')} |`);
  const counts = (c: MatrixColumn, verdict: string): number => ruleSlugs.filter((s) => cell(c, s).startsWith(verdict)).length;
  const summary = ['PASS', 'FAIL', 'WARN', 'ERROR', 'SKIP', 'UNTESTABLE'].map((v) => `| *${v}* | ${columns.map((c) => (c.known ? String(counts(c, v)) : '—')).join(' | ')} |`);
  summary.push(`| *of these, the harness's fault (†)* | ${columns.map((c) => (c.known ? String(ruleSlugs.filter((s) => cell(c, s).endsWith('†')).length) : '—')).join(' | ')} |`);
  const settings = columns.find((c) => c.known)?.known;
  // Each harness defect once, with the rules (and the servers of each) it shows under.
  const defects = new Map<string, Map<string, string[]>>();
  for (const slug of ruleSlugs) {
    for (const c of columns) {
      const why = c.known?.rules[slug]?.harnessDefect;
      if (!why) continue;
      const rules = defects.get(why) ?? new Map<string, string[]>();
      rules.set(slug, [...(rules.get(slug) ?? []), c.server]);
      defects.set(why, rules);
    }
  }
  const defectLines = [...defects].map(([why, rules]) => `- ${[...rules].map(([slug, servers]) => `\`${slug}\` (${servers.join(', ')})`).join(', ')}: ${why}`);
  return [
    BEGIN,
    '',
    `\`${spec}\`${settings ? `, seed ${settings.seed}, ${settings.runs} runs` : ''}. † the harness's fault, not the server's (the entry says why); ? an entry not yet explained.`,
    '',
    `| rule | ${head.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows,
    ...summary,
    ...(defectLines.length ? ['', "† The harness's fault, not the server's:", '', ...defectLines] : []),
    '',
    END,
  ].join('\n');
}

/** The README's matrix section (markers included), or undefined when the markers are missing. */
export function matrixSection(readme: string): string | undefined {
  const b = readme.indexOf(BEGIN);
  const e = readme.indexOf(END);
  return b >= 0 && e > b ? readme.slice(b, e + END.length) : undefined;
}

export function replaceMatrix(readme: string, matrix: string): string {
  const b = readme.indexOf(BEGIN);
  const e = readme.indexOf(END);
  if (b < 0 || e < b) throw new Error(`README.md has no matrix markers (${BEGIN} … ${END})`);
  return readme.slice(0, b) + matrix + readme.slice(e + END.length);
}
