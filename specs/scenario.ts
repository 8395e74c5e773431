/**
 * Spec document → companions, timings and scenario steps (src/model/scenario.ts), with the
 * load-time checks the schema cannot make: a step calls a declared companion and gives its
 * required inputs, a send sets declared parameters, every `{timing.x}` is declared, and every
 * placeholder names something bound before it (or a built-in).
 */
import { placeholders, type Companion, type CompanionBody, type Condition, type DigestName, type Extractor, type Scenario, type Step, type Timing } from '../src/model/scenario.js';
import { parameterByWireName, type OperationModel } from '../src/model/operation.js';
import { ruleSource } from './source.js';
import type { CompanionDoc, ConditionDoc, ExtractorDoc, ScenarioDoc, SpecDoc, StepDoc } from './types.js';

export interface ScenarioProblem {
  pointer: string;
  message: string;
}

/** Names every template may use. */
const BUILT_IN = new Set(['base', 'entity', 'unique']);

function text(v: string | number): string {
  return typeof v === 'number' ? String(v) : v;
}

export function timingsOf(spec: SpecDoc): Timing[] {
  return Object.entries(spec.timing ?? {}).map(([name, t]) => ({ name, default: t.default, min: t.min ?? 0, max: t.max ?? 3600, description: t.description }));
}

function extractor(doc: ExtractorDoc | string, parent: 'xml' | 'json'): Extractor {
  if (typeof doc === 'string') return parent === 'xml' ? { xml: doc } : { json: doc };
  const optional = doc.optional ? { optional: true } : {};
  if ('header' in doc) return { header: doc.header, ...(doc.match ? { match: doc.match } : {}), ...optional };
  const kind = 'xml' in doc ? 'xml' : 'json';
  const each = doc.each ? { each: Object.fromEntries(Object.entries(doc.each).map(([k, v]) => [k, extractor(v, kind)])) } : {};
  return kind === 'xml' ? { xml: (doc as { xml: string }).xml, ...each, ...optional } : { json: (doc as { json: string }).json, ...each, ...optional };
}

export function companionsOf(spec: SpecDoc): Companion[] {
  return (spec.companions ?? []).map((c: CompanionDoc) => {
    const r = c.request;
    let body: CompanionBody = { kind: 'none' };
    if (r.form) body = { kind: 'form', fields: Object.entries(r.form).map(([name, value]) => ({ name, value: text(value) })) };
    else if (r.text !== undefined) body = { kind: 'text', value: r.text };
    else if (r.json !== undefined) body = { kind: 'json', value: r.json };
    return {
      name: c.name,
      ...(c.source ? { source: ruleSource(spec.seed, c.source) } : {}),
      method: r.method,
      url: r.url,
      headers: Object.entries(r.headers ?? {}).map(([name, value]) => ({ name, value })),
      body,
      accept: [...c.accept],
      pending: [...(c.pending ?? [])],
      ...(c.items ? { items: extractor(c.items, 'xml') } : {}),
      inputs: Object.fromEntries(Object.entries(c.inputs ?? {}).map(([k, v]) => [k, v === null ? null : text(v)])),
    };
  });
}

function bindings(doc: Record<string, ExtractorDoc> | undefined): Record<string, Extractor> {
  return Object.fromEntries(Object.entries(doc ?? {}).map(([k, v]) => [k, extractor(v, 'xml')]));
}

function condition(doc: ConditionDoc): Condition {
  if ('all' in doc) return { all: doc.all.map(condition) };
  if ('digest' in doc) return { digest: { algorithm: doc.digest.algorithm as DigestName, of: doc.digest.of, equals: doc.digest.equals } };
  if ('equal' in doc) return { equal: [doc.equal[0]!, doc.equal[1]!] };
  return doc as Condition;
}

function seconds(v: string | number | undefined, fallback: string): string {
  return v === undefined ? fallback : text(v);
}

function step(doc: StepDoc, i: number): Step {
  const n = i + 1;
  if ('send' in doc) {
    const s = doc.send;
    return {
      kind: 'send',
      label: doc.label ?? `step ${n}: send`,
      ...(s.entity !== undefined ? { entity: s.entity } : {}),
      set: Object.entries(s.set ?? {}).map(([name, value]) => ({ name, value })),
      ...(s.as ? { as: s.as } : {}),
      bind: bindings(doc.bind),
      ...(s.expect ? { expect: [...s.expect] } : {}),
    };
  }
  if ('call' in doc) {
    return {
      kind: 'call',
      label: doc.label ?? `step ${n}: ${doc.call}`,
      companion: doc.call,
      with: Object.fromEntries(Object.entries(doc.with ?? {}).map(([k, v]) => [k, text(v)])),
      bind: bindings(doc.bind),
      ...(doc.expect ? { expect: [...doc.expect] } : {}),
    };
  }
  if ('wait' in doc) return { kind: 'wait', label: doc.label ?? `step ${n}: wait ${doc.wait} s`, seconds: text(doc.wait) };
  if ('poll' in doc) {
    const until = 'until' in doc;
    return {
      kind: 'poll',
      label: doc.label ?? `step ${n}: poll ${doc.poll}`,
      companion: doc.poll,
      with: Object.fromEntries(Object.entries(doc.with ?? {}).map(([k, v]) => [k, text(v)])),
      every: seconds(doc.every, '0.5'),
      mode: until ? 'until' : 'never',
      window: 'until' in doc ? seconds(doc.within, '0') : seconds(doc.for, '0'),
      condition: condition('until' in doc ? doc.until : doc.never),
      ...(doc.collect ? { collect: doc.collect } : {}),
      ...(doc.key ? { key: doc.key } : {}),
      ...(doc.keep ? { keep: { ...doc.keep } } : {}),
      ...(doc.judged ? { judged: true } : {}),
      then: (doc.then ?? []).map((t, j) => step(t, j)),
    };
  }
  return { kind: 'assert', label: doc.label ?? `step ${n}: assert`, condition: condition(doc.assert), ...(doc.items ? { items: doc.items } : {}) };
}

export function scenarioOf(doc: ScenarioDoc): Scenario {
  return { setup: (doc.setup ?? []).map(step), steps: doc.steps.map(step), teardown: (doc.teardown ?? []).map(step) };
}

function conditionTemplates(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionTemplates);
  if ('some' in c) return Object.values(c.some);
  if ('none' in c) return Object.values(c.none);
  if ('count' in c) return Object.values(c.count.where);
  if ('order' in c) return c.order.values;
  if ('equal' in c) return c.equal;
  if ('digest' in c) return [c.digest.of, c.digest.equals];
  if ('oneOf' in c) return [c.oneOf.value, ...c.oneOf.values];
  return [c.records.of, ...c.records.equal.flatMap((r) => Object.values(r))];
}

/**
 * The problems of a rule's scenario: companions and their inputs, declared parameters, timings,
 * and placeholders bound before use (in step order: setup, steps, teardown).
 */
export function scenarioProblems(scenario: Scenario, op: OperationModel, pointer: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const companions = new Map(op.companions.map((c) => [c.name, c]));
  const timings = new Set(op.timings.map((t) => t.name));
  const bound = new Set<string>();
  const known = (name: string, local: ReadonlySet<string>): boolean => {
    const head = name.split('.')[0]!;
    if (BUILT_IN.has(head) && !name.includes('.')) return true;
    if (head === 'timing') return timings.has(name.slice('timing.'.length));
    return bound.has(head) || local.has(head);
  };
  const use = (template: string, at: string, local: ReadonlySet<string> = new Set()): void => {
    for (const name of placeholders(template)) {
      if (!known(name, local)) problems.push({ pointer: at, message: name.startsWith('timing.') ? `no timing "${name.slice(7)}" is declared under /timing` : `{${name}} is not bound before this step (bind it, name a send with as:, or use {base}, {entity}, {unique}, {timing.x})` });
    }
  };
  const calls = (name: string, given: Record<string, string>, at: string, local: ReadonlySet<string>): void => {
    const c = companions.get(name);
    if (!c) {
      problems.push({ pointer: at, message: `no companion named "${name}" is declared under /companions (declared: ${[...companions.keys()].join(', ') || 'none'})` });
      return;
    }
    for (const [input, def] of Object.entries(c.inputs)) if (def === null && given[input] === undefined) problems.push({ pointer: at, message: `companion ${name} needs input "${input}" (with: { ${input}: … })` });
    for (const input of Object.keys(given)) if (!(input in c.inputs)) problems.push({ pointer: at, message: `companion ${name} has no input "${input}" (inputs: ${Object.keys(c.inputs).join(', ') || 'none'})` });
    for (const v of Object.values(given)) use(v, at, local);
  };
  const walk = (steps: Step[], base: string, local: ReadonlySet<string>): void => {
    steps.forEach((s, i) => {
      const at = `${base}/${i}`;
      switch (s.kind) {
        case 'send':
          if (s.entity !== undefined) use(s.entity, `${at}/send/entity`, local);
          for (const e of s.set) {
            if (!parameterByWireName(op, e.name)) problems.push({ pointer: `${at}/send/set`, message: `no declared parameter has the wire name "${e.name}"` });
            if (typeof e.value === 'string') use(e.value, `${at}/send/set`, local);
          }
          if (s.as) bound.add(s.as);
          break;
        case 'call':
          calls(s.companion, s.with, at, local);
          break;
        case 'wait':
          use(s.seconds, `${at}/wait`, local);
          break;
        case 'poll': {
          calls(s.companion, s.with, at, local);
          use(s.every, `${at}/every`, local);
          use(s.window, at, local);
          if (!companions.get(s.companion)?.items) problems.push({ pointer: at, message: `companion ${s.companion} declares no items: a poll collects the items of its answers` });
          for (const t of conditionTemplates(s.condition)) use(t, at, local);
          for (const t of Object.values(s.keep ?? {})) use(t, `${at}/keep`, local);
          walk(s.then, `${at}/then`, new Set([...local, 'item']));
          if (s.collect) bound.add(s.collect);
          break;
        }
        case 'assert':
          for (const t of conditionTemplates(s.condition)) use(t, `${at}/assert`, local);
          if (s.items !== undefined && !bound.has(s.items)) problems.push({ pointer: `${at}/items`, message: `no poll collects "${s.items}" before this step` });
          break;
      }
      if ((s.kind === 'send' || s.kind === 'call') && Object.keys(s.bind).length) for (const k of Object.keys(s.bind)) bound.add(k);
    });
  };
  walk(scenario.setup, `${pointer}/setup`, new Set());
  walk(scenario.steps, `${pointer}/steps`, new Set());
  walk(scenario.teardown, `${pointer}/teardown`, new Set());
  return problems;
}

/** The problems of the companions themselves: their templates use only their inputs, built-ins and timings. */
export function companionProblems(op: OperationModel): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const timings = new Set(op.timings.map((t) => t.name));
  op.companions.forEach((c, i) => {
    const texts = [c.url, ...c.headers.map((h) => h.value), ...Object.values(c.inputs).filter((v): v is string => v !== null)];
    if (c.body.kind === 'form') texts.push(...c.body.fields.map((f) => f.value));
    if (c.body.kind === 'text') texts.push(c.body.value);
    if (c.body.kind === 'json') texts.push(JSON.stringify(c.body.value));
    for (const t of texts) {
      for (const name of placeholders(t)) {
        const ok = (BUILT_IN.has(name)) || name in c.inputs || (name.startsWith('timing.') && timings.has(name.slice(7)));
        if (!ok) problems.push({ pointer: `/companions/${i}/request`, message: `{${name}} is neither an input of ${c.name} (its inputs: ${Object.keys(c.inputs).join(', ') || 'none'}) nor {base}, {entity}, {unique} or a declared {timing.x}` });
      }
    }
  });
  op.timings.forEach((t) => {
    if (t.min > t.max || t.default < t.min || t.default > t.max) problems.push({ pointer: `/timing/${t.name}`, message: `default ${t.default} is not within min ${t.min} and max ${t.max}` });
  });
  return problems;
}
