import type { Rule, RuleSet } from '../src/model/rule.js';

/** `ruleprobe rules --format json`: the compiled rules, as the runner and reporters see them. */
export function rulesJson(sets: RuleSet[]): string {
  return `${JSON.stringify(
    {
      specs: sets.map((s) => ({ id: s.specId, title: s.title, seed: s.seed, file: s.file, profile: s.profile ?? 'seed', profiles: s.profiles ?? ['seed'], ...(s.profileSource ? { profileSource: s.profileSource } : {}), totals: totals(s.rules), rules: s.rules })),
    },
    null,
    2,
  )}\n`;
}

export function totals(rules: Rule[]): { rules: number; MUST: number; SHOULD: number; MAY: number; untestable: number; ambiguous: number } {
  return {
    rules: rules.length,
    MUST: rules.filter((r) => r.level === 'MUST').length,
    SHOULD: rules.filter((r) => r.level === 'SHOULD').length,
    MAY: rules.filter((r) => r.level === 'MAY').length,
    untestable: rules.filter((r) => !r.testable).length,
    ambiguous: rules.filter((r) => r.ambiguity).length,
  };
}

function sourceText(r: Rule): string {
  return [r.source.section, r.source.item].filter(Boolean).join(' › ');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** `ruleprobe rules`: one line a rule, then the totals of each spec and of all. */
export function rulesTable(sets: RuleSet[]): string {
  const out: string[] = [];
  const all: Rule[] = [];
  for (const set of sets) {
    const w = Math.max(7, ...set.rules.map((r) => r.id.length));
    const profile = set.profileSource ? `, profile ${set.profile} (${set.profileSource.file})` : `, profile seed${(set.profiles ?? []).length > 1 ? ` (also: ${set.profiles!.slice(1).join(', ')})` : ''}`;
    out.push(`${set.specId} — ${set.title}`, `  seed ${set.seed}, file ${set.file}${profile}`, '');
    out.push(`  ${pad('RULE ID', w)}  LEVEL   TESTABLE    SOURCE / AMBIGUITY`);
    for (const r of set.rules) {
      const testable = r.testable ? 'yes' : 'UNTESTABLE';
      const amb = r.ambiguity ? `  [ambiguous: ${r.ambiguity.alternatives.map((a) => a.id + (a.accepted ? '' : '*')).join(' | ')}]` : '';
      out.push(`  ${pad(r.id, w)}  ${pad(r.level, 6)}  ${pad(testable, 10)}  ${sourceText(r)}${amb}`);
      if (!r.testable) out.push(`  ${' '.repeat(w)}  ↳ untestable: ${r.untestableReason ?? ''}`);
    }
    const t = totals(set.rules);
    out.push('', `  ${set.specId}: ${t.rules} rules (${t.MUST} MUST, ${t.SHOULD} SHOULD, ${t.MAY} MAY), ${t.untestable} untestable, ${t.ambiguous} with ambiguity`, '');
    all.push(...set.rules);
  }
  if (sets.length > 1) {
    const t = totals(all);
    out.push(`total: ${t.rules} rules in ${sets.length} specs (${t.MUST} MUST, ${t.SHOULD} SHOULD, ${t.MAY} MAY), ${t.untestable} untestable, ${t.ambiguous} with ambiguity`);
  }
  out.push('', '* marks an ambiguity reading that is recorded but not accepted by default. Details: ruleprobe rules --format json');
  return `${out.join('\n')}\n`;
}
