/**
 * One scenario rule run: setup, the judged steps, teardown. A send is the operation's canonical
 * valid request with the step's edits; a call is a companion operation, signed like the
 * operation; a poll repeats a call until its condition holds (or, for `never`, while it must not)
 * within a window taken from the spec's timings and the target config. The first judged step
 * that does not meet its expectation is the rule's failure; a setup step that fails, a value
 * that cannot be bound or a run budget too short for the scenario's waits is ERROR.
 */
import { randomBytes } from 'node:crypto';
import { md5Hex, md5OfMessageAttributes } from '../checks/digest.js';
import { extract, ExtractError, type Item, type Value } from '../checks/extract.js';
import { encodeForm } from '../encode/form.js';
import { encodeText } from '../encode/text.js';
import { scenarioRequest } from '../../generators/ruleCases.js';
import type { GenContext } from '../../generators/_internals/build.js';
import { clockOf, type Clock } from '../model/clock.js';
import type { HttpResponse } from '../model/exchange.js';
import type { OperationModel } from '../model/operation.js';
import type { RequestCase, WireRequest } from '../model/request.js';
import { PLACEHOLDER, wholePlaceholder, type Companion, type Condition, type Extractor, type Scenario, type Step } from '../model/scenario.js';
import type { Rule } from '../model/rule.js';
import { redactRequest, scrubSecrets, signRequest } from '../sign/index.js';
import type { ResolvedTarget } from '../target/config.js';
import { TransportError, type Transport } from '../transport/http.js';
import type { Semaphore } from '../transport/limits.js';
import { prepareRequest } from '../transport/prepare.js';

export interface ScenarioEnv {
  op: OperationModel;
  rule: Rule;
  gen: GenContext;
  target: ResolvedTarget;
  transport: Transport;
  inflight: Semaphore;
  /** The signing clock; it carries the run's clock when the engine made it (`signingClock`). */
  now: () => Date;
  /**
   * What waits and poll windows are measured on (default: the clock `now` carries, else real
   * time). On a virtual clock shared with other work, the caller enters the scenario as a
   * participant (the engine enters each rule).
   */
  clock?: Clock;
  /** Epoch ms (real time) after which no new step starts. */
  deadline: number;
  /** Counted for the record: requests sent. */
  onSent: () => void;
}

/** The exchange a step ended on, for the record. */
export interface StepExchange {
  wire: WireRequest;
  response: HttpResponse;
  case: RequestCase;
}

export type ScenarioResult =
  | { ok: true; notes: string[] }
  | { ok: false; kind: 'fail'; step: string; check: string; message: string; expected: string; actual: string; exchange: StepExchange; notes: string[]; /** What every step sent of its credentials: a step's answer may echo an earlier step's. */ secrets: string[] }
  | { ok: false; kind: 'error'; message: string; notes: string[]; /** The run's budget was too short or ran out. */ budget?: true }
  | { ok: false; kind: 'skip'; message: string; notes: string[] };

/** A step did not meet its expectation: the rule's failure. */
class StepFailed extends Error {
  constructor(
    readonly check: string,
    readonly label: string,
    detail: string,
    readonly expected: string,
    readonly actual: string,
    readonly exchange: StepExchange,
  ) {
    super(`${label}: ${detail}`);
  }
}
/** The harness could not go on (a value not bound, a body not readable in setup, the budget). */
class ScenarioError extends Error {
  constructor(
    message: string,
    /** A placeholder had no value. */
    readonly unbound = false,
  ) {
    super(message);
  }
}

/** The run's budget ended (or the run was stopped) before the scenario did. */
class OutOfBudget extends ScenarioError {}
class ScenarioSkip extends Error {}

type Scope = Map<string, Value>;

function lookup(scope: Scope, name: string): Value {
  if (scope.has(name)) return scope.get(name);
  const dot = name.indexOf('.');
  if (dot > 0) {
    const head = scope.get(name.slice(0, dot));
    if (Array.isArray(head) && head.length === 1) return head[0]![name.slice(dot + 1)];
    if (head !== undefined && typeof head === 'object' && !Array.isArray(head)) return (head as Item)[name.slice(dot + 1)];
  }
  throw new ScenarioError(`{${name}} has no value here`, true);
}

/** A template with every placeholder replaced by its text value. */
export function expand(template: string, scope: Scope): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = lookup(scope, name);
    if (v === undefined) throw new ScenarioError(`{${name}} was not in the answer it is read from`);
    if (typeof v !== 'string') throw new ScenarioError(`{${name}} is a list, not a text`);
    return v;
  });
}

/** A value: a whole-template placeholder keeps its list; anything else is text. */
function valueOf(template: string, scope: Scope): Value {
  const whole = wholePlaceholder(template);
  return whole !== undefined ? lookup(scope, whole) : expand(template, scope);
}

/** Seconds from a template of numbers joined by + and -. */
export function secondsOf(template: string, scope: Scope): number {
  const text = expand(template, scope).replace(/\s+/g, '');
  if (!/^\d+(?:\.\d+)?(?:[+-]\d+(?:\.\d+)?)*$/.test(text)) throw new ScenarioError(`"${template}" is not a number of seconds (${JSON.stringify(text)})`);
  let total = 0;
  for (const m of text.matchAll(/([+-]?)(\d+(?:\.\d+)?)/g)) total += (m[1] === '-' ? -1 : 1) * Number(m[2]);
  return Math.max(0, total);
}

/** The most a scenario can wait: its waits and poll windows (with one poll interval each), in seconds. */
export function maxWaitSeconds(scenario: Scenario, scope: Scope): number {
  const of = (steps: Step[]): number =>
    steps.reduce((sum, s) => sum + (s.kind === 'wait' ? secondsOf(s.seconds, scope) : s.kind === 'poll' ? secondsOf(s.window, scope) + secondsOf(s.every, scope) : 0), 0);
  return of(scenario.setup) + of(scenario.steps) + of(scenario.teardown);
}

function itemMatches(item: Item, where: Record<string, string>, scope: Scope): boolean {
  return Object.entries(where).every(([field, t]) => item[field] === expand(t, scope));
}

function describeWhere(where: Record<string, string>, scope: Scope): string {
  return Object.entries(where)
    .map(([f, t]) => `${f} = ${JSON.stringify(expand(t, scope))}`)
    .join(', ');
}

function preview(v: Value, max = 200): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

function base64Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** A condition's verdict on what is bound (and on `items`): undefined when it holds, else what is wrong. */
function unmet(c: Condition, scope: Scope, items: Item[]): { message: string; expected: string; actual: string } | undefined {
  if ('all' in c) {
    for (const sub of c.all) {
      const u = unmet(sub, scope, items);
      if (u) return u;
    }
    return undefined;
  }
  if ('some' in c) {
    if (items.some((i) => itemMatches(i, c.some, scope))) return undefined;
    return { message: `No item has ${describeWhere(c.some, scope)}.`, expected: `an item with ${describeWhere(c.some, scope)}`, actual: `${items.length} item(s)` };
  }
  if ('none' in c) {
    const found = items.find((i) => itemMatches(i, c.none, scope));
    if (!found) return undefined;
    return { message: `An item has ${describeWhere(c.none, scope)}.`, expected: `no item with ${describeWhere(c.none, scope)}`, actual: preview(found as unknown as Value) };
  }
  if ('count' in c) {
    const n = items.filter((i) => itemMatches(i, c.count.where, scope)).length;
    if (n === c.count.is) return undefined;
    return { message: `${n} item(s) have ${describeWhere(c.count.where, scope)}, not ${c.count.is}.`, expected: `${c.count.is} item(s)`, actual: `${n} item(s)` };
  }
  if ('order' in c) {
    const wanted = c.order.values.map((t) => expand(t, scope));
    const seen = items.map((i) => i[c.order.field]).filter((v): v is string => typeof v === 'string' && wanted.includes(v));
    if (seen.length === wanted.length && seen.every((v, k) => v === wanted[k])) return undefined;
    return { message: `The items' ${c.order.field} values came in the order ${JSON.stringify(seen)}, not ${JSON.stringify(wanted)}.`, expected: JSON.stringify(wanted), actual: JSON.stringify(seen) };
  }
  if ('equal' in c) {
    const [a, b] = c.equal.map((t) => valueOf(t, scope));
    if (a === b) return undefined;
    return { message: `${c.equal[0]} is ${preview(a)}, not ${preview(b)} (${c.equal[1]}).`, expected: preview(b), actual: preview(a) };
  }
  if ('digest' in c) {
    const of = valueOf(c.digest.of, scope);
    const equals = expand(c.digest.equals, scope).toLowerCase();
    let digest: string | undefined;
    if (c.digest.algorithm === 'md5') {
      if (typeof of !== 'string') throw new ScenarioError(`md5 of ${c.digest.of}: not a text`);
      digest = md5Hex(Buffer.from(of, 'utf8'));
    } else {
      const list = Array.isArray(of) ? of : [];
      digest = md5OfMessageAttributes(
        list.map((i) => ({ name: String(i.name ?? ''), dataType: String(i.type ?? ''), value: typeof i.binary === 'string' ? base64Bytes(i.binary) : String(i.string ?? '') })),
      );
    }
    if (digest === equals) return undefined;
    return { message: `The ${c.digest.algorithm} of ${c.digest.of} is ${digest ?? 'none'}, not ${equals} (${c.digest.equals}).`, expected: equals, actual: digest ?? 'no digest' };
  }
  if ('oneOf' in c) {
    const v = expand(c.oneOf.value, scope);
    const values = c.oneOf.values.map((t) => expand(t, scope));
    if (values.includes(v)) return undefined;
    return { message: `${c.oneOf.value} is ${JSON.stringify(v)}, not one of ${values.join(', ')}.`, expected: `one of ${values.join(', ')}`, actual: JSON.stringify(v) };
  }
  const of = valueOf(c.records.of, scope);
  const list = Array.isArray(of) ? of : [];
  const wanted = c.records.equal.map((r) => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, expand(t, scope)])));
  const key = (r: Record<string, Value>): string => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] ?? null]));
  const have = list.map((r) => key(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))));
  const want = wanted.map(key);
  if (have.length === want.length && [...have].sort().join('\n') === [...want].sort().join('\n')) return undefined;
  return { message: `${c.records.of} is ${preview(of, 400)}, not the records ${preview(JSON.stringify(wanted), 400)}.`, expected: preview(JSON.stringify(wanted), 400), actual: preview(of, 400) };
}

/** The companion request, its templates filled from the call's inputs, unsigned. */
function companionWire(c: Companion, scope: Scope): WireRequest {
  const body = c.body;
  const fill = (v: unknown): unknown => (typeof v === 'string' ? expand(v, scope) : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v);
  let bytes: Uint8Array = new Uint8Array();
  if (body.kind === 'form') bytes = encodeForm(body.fields.map((f) => ({ name: f.name, value: expand(f.value, scope) })), { order: 'as-is', space: 'plus', hexCase: 'upper' });
  else if (body.kind === 'text') bytes = encodeText(expand(body.value, scope));
  else if (body.kind === 'json') bytes = new Uint8Array(Buffer.from(JSON.stringify(fill(body.value)), 'utf8'));
  return { method: c.method, url: expand(c.url, scope), headers: c.headers.map((h): [string, string] => [h.name, expand(h.value, scope)]), body: bytes };
}

function statusText(r: HttpResponse): string {
  const code = /<Code>([^<]{1,80})<\/Code>/.exec(r.body.subarray(0, 4096).toString('utf8'))?.[1];
  return `status ${r.status}${code ? ` ${code}` : ''}`;
}

export async function runScenario(scenario: Scenario, env: ScenarioEnv): Promise<ScenarioResult> {
  const { op, rule } = env;
  const clock = env.clock ?? clockOf(env.now);
  const notes: string[] = [];
  const unique = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const timing = Object.fromEntries(op.timings.map((t) => [t.name, env.target.timings?.[t.name] ?? t.default]));
  const scope: Scope = new Map<string, Value>([
    ['base', env.target.target.baseUrl.replace(/\/$/, '')],
    ['entity', env.gen.entityValue],
    ['unique', unique],
    ...Object.entries(timing).map(([k, v]): [string, Value] => [`timing.${k}`, String(v)]),
  ]);
  let sends = 0;
  let firstCase: RequestCase | undefined;
  let last: StepExchange | undefined;

  const need = maxWaitSeconds(scenario, scope);
  const left = (env.deadline - Date.now()) / 1000;
  if (need > left) return { ok: false, kind: 'error', budget: true, message: `the scenario waits up to ${need} s, more than the ${Math.max(0, Math.floor(left))} s the run's --budget leaves (set shorter timings for this spec in the target config)`, notes };

  /** What each request carried of its credentials: cut from every text the result quotes (a target may echo them). */
  const secrets = new Set<string>();
  const exchange = async (wire: WireRequest, c: RequestCase, step: string): Promise<StepExchange> => {
    if (Date.now() > env.deadline) throw new OutOfBudget("the run's time budget ran out during the scenario");
    for (const secret of redactRequest(op.auth, env.target.credentials, wire).secrets) secrets.add(secret);
    env.onSent();
    const response = await env.inflight.run(() => env.transport.send(wire)).catch((err: unknown) => {
      // The reason names the step that got no answer.
      throw err instanceof TransportError ? new TransportError(err.kind, `${err.message} at ${step}`) : err;
    });
    last = { wire, response, case: c };
    return last;
  };

  const bindAll = (bind: Record<string, Extractor>, ex: StepExchange, label: string): void => {
    for (const [name, extractor] of Object.entries(bind)) {
      try {
        scope.set(name, extract(ex.response, extractor));
      } catch (err) {
        if (!(err instanceof ExtractError)) throw err;
        throw new ScenarioError(`${label}: the answer does not give ${name} (${err.message}), so what this rule observes cannot be read; the rules on that answer say why`);
      }
    }
  };

  const companionOf = (name: string): Companion => {
    const c = op.companions.find((x) => x.name === name);
    if (!c) throw new ScenarioError(`no companion ${name}`);
    return c;
  };

  const call = async (companion: string, given: Record<string, string>, label: string): Promise<StepExchange> => {
    const c = companionOf(companion);
    const inner: Scope = new Map(scope);
    for (const [input, def] of Object.entries(c.inputs)) {
      const t = given[input] ?? def;
      if (t === null || t === undefined) throw new ScenarioError(`${companion} needs input ${input}`);
      inner.set(input, expand(t, scope));
    }
    const wire = await signRequest(op.auth, companionWire(c, inner), 'valid', { credentials: env.target.credentials, now: env.now(), entity: env.gen.entityValue });
    const pseudo: RequestCase = firstCase ?? { ruleId: rule.id, label, origin: 'boundary', expect: 'accept', request: { entity: env.gen.entity, path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' } };
    return exchange(wire, pseudo, label);
  };

  /**
   * A step's answer has one of its statuses. Judged (FAIL) only where the step names `expect:`
   * itself — then the status is the rule's question; otherwise the step is a prerequisite, and a
   * refusal means the rule cannot be decided (ERROR): the rules on that request say why.
   */
  const expectStatus = (ex: StepExchange, statuses: number[], label: string, what: string, judged = false): void => {
    if (statuses.includes(ex.response.status)) return;
    if (!judged) throw new ScenarioError(`${label}: ${what} was answered ${statusText(ex.response)}, not ${statuses.join(' or ')}, so what this rule observes cannot be reached`);
    throw new StepFailed('status', label, `${what} was answered ${statusText(ex.response)}, not ${statuses.join(' or ')}.`, `status ${statuses.join(' or ')}`, statusText(ex.response), ex);
  };

  /** A step's label with what is bound filled in (`send with DelaySeconds 2`); as written where something is not bound yet. */
  const labelled = (step: Step): Step => {
    try {
      return { ...step, label: expand(step.label, scope) };
    } catch {
      return step;
    }
  };

  const run = async (steps: Step[]): Promise<void> => {
    for (const step of steps) {
      const s = labelled(step);
      if (Date.now() > env.deadline) throw new OutOfBudget("the run's time budget ran out during the scenario");
      switch (s.kind) {
        case 'send': {
          const entity = s.entity !== undefined ? expand(s.entity, scope) : env.gen.entityValue;
          const set = s.set.map((e) => ({ name: e.name, value: typeof e.value === 'string' ? expand(e.value, scope) : e.value }));
          const gen: GenContext = { ...env.gen, entityValue: entity };
          const seed = `${rule.id}:${unique}:${sends++}`;
          const c = scenarioRequest(op, gen, rule.id, s.label, seed, set);
          if (c.skip !== undefined) throw new ScenarioSkip(c.skip);
          firstCase ??= c;
          const target = { ...env.target.target, entities: { ...env.target.target.entities, [env.gen.entity]: entity } };
          const wire = await prepareRequest(op, target, env.target.credentials, c.request, env.now());
          const ex = await exchange(wire, c, s.label);
          expectStatus(ex, s.expect ?? op.accept, s.label, 'the send', s.expect !== undefined);
          if (s.as) scope.set(s.as, [Object.fromEntries(set.map((e) => [e.name, typeof e.value === 'string' ? e.value : undefined]))]);
          bindAll(s.bind, ex, s.label);
          break;
        }
        case 'call': {
          const ex = await call(s.companion, s.with, s.label);
          const c = companionOf(s.companion);
          expectStatus(ex, s.expect ?? c.accept, s.label, `the ${s.companion} call`, s.expect !== undefined);
          bindAll(s.bind, ex, s.label);
          break;
        }
        case 'wait':
          await clock.sleep(Math.min(secondsOf(s.seconds, scope) * 1000, env.deadline - Date.now()));
          break;
        case 'poll': {
          const c = companionOf(s.companion);
          const window = secondsOf(s.window, scope) * 1000;
          const every = Math.max(50, secondsOf(s.every, scope) * 1000);
          const started = clock.now();
          const collected: Item[] = [];
          const keys = new Set<string>();
          for (let round = 1; ; round++) {
            // Judged by what was observable: when the call went out and when its answer came.
            const sentAt = clock.now() - started;
            const ex = await call(s.companion, s.with, s.label);
            const pending = c.pending.includes(ex.response.status);
            if (!pending) expectStatus(ex, c.accept, s.label, `the ${s.companion} call`, s.judged);
            let items: Value;
            try {
              items = pending ? [] : extract(ex.response, c.items!);
            } catch (err) {
              if (!(err instanceof ExtractError)) throw err;
              if (s.judged) throw new StepFailed('answer', s.label, `the ${s.companion} answer cannot be read: ${err.message}.`, `a readable ${s.companion} answer`, err.message, ex);
              throw new ScenarioError(`${s.label}: the ${s.companion} answer cannot be read (${err.message})`);
            }
            for (const item of Array.isArray(items) ? items : []) {
              if (s.keep && !itemMatches(item, s.keep, scope)) continue;
              const k = s.key ? item[s.key] : undefined;
              if (typeof k === 'string') {
                if (keys.has(k)) continue;
                keys.add(k);
              }
              collected.push(item);
              if (s.then.length) {
                scope.set('item', [item]);
                await run(s.then);
                scope.delete('item');
              }
            }
            if (s.collect) scope.set(s.collect, collected);
            const u = unmet(s.condition, scope, collected);
            const elapsed = clock.now() - started;
            if (s.mode === 'until' && !u) break;
            if (s.mode === 'never' && u === undefined) {
              // Only an answer that arrived inside the window proves the condition held before it
              // ended; one sent inside and answered after may have been decided after the end.
              if (elapsed > window) {
                notes.push(`${s.label}: call ${round}, sent at ${(sentAt / 1000).toFixed(1)} s, was answered after the ${window / 1000} s window (at ${(elapsed / 1000).toFixed(1)} s) with the condition holding; not judged`);
                break;
              }
              throw new StepFailed('poll', s.label, `after ${(elapsed / 1000).toFixed(1)} s (call ${round}) the condition already held, before ${window / 1000} s had passed.`, `not before ${window / 1000} s`, `after ${(elapsed / 1000).toFixed(1)} s`, ex);
            }
            if (elapsed >= window) {
              if (s.mode === 'never') break;
              // The target had the whole window only for a call sent at its end or later: one sent
              // before may have been answered before the condition came to hold. One more call.
              if (sentAt < window) {
                if (Date.now() > env.deadline) throw new OutOfBudget("the run's time budget ran out during a poll");
                continue;
              }
              throw new StepFailed('poll', s.label, `within ${window / 1000} s (${round} calls) the condition did not hold: ${u!.message}`, u!.expected, u!.actual, ex);
            }
            if (Date.now() + every > env.deadline) throw new OutOfBudget("the run's time budget ran out during a poll");
            await clock.sleep(Math.min(every, window - elapsed));
          }
          break;
        }
        case 'assert': {
          const items = s.items !== undefined ? scope.get(s.items) : [];
          const u = unmet(s.condition, scope, Array.isArray(items) ? items : []);
          if (!u) break;
          // What is bound comes from answers: an assert before any request has nothing of the target's to judge.
          if (!last) throw new ScenarioError(`${s.label}: an assert before any request judges nothing the target sent`);
          throw new StepFailed('assert', s.label, u.message, u.expected, u.actual, last);
          break;
        }
      }
    }
  };

  let result: ScenarioResult | undefined;
  let thrown: unknown;
  try {
    try {
      await run(scenario.setup);
    } catch (err) {
      if (err instanceof OutOfBudget) throw new OutOfBudget(`setup: ${err.message}`);
      if (err instanceof StepFailed || (err instanceof ScenarioError && !err.unbound)) throw new ScenarioError(`setup: ${err.message}`);
      throw err;
    }
    await run(scenario.steps);
    result = { ok: true, notes };
  } catch (err) {
    if (err instanceof StepFailed) result = { ok: false, kind: 'fail', step: err.label, check: err.check, message: err.message, expected: err.expected, actual: err.actual, exchange: err.exchange, notes, secrets: [] };
    else if (err instanceof ScenarioSkip) result = { ok: false, kind: 'skip', message: err.message, notes };
    else if (err instanceof ScenarioError) result = { ok: false, kind: 'error', message: err.message, notes, ...(err instanceof OutOfBudget ? { budget: true as const } : {}) };
    else thrown = err;
  }
  // Teardown always runs and is never judged: each step on its own, a step whose values were
  // never bound (its setup failed first) left out, and what a step could not do noted.
  for (const step of scenario.teardown) {
    try {
      await run([step]);
    } catch (err) {
      if (err instanceof ScenarioError && err.unbound) continue;
      notes.push(`teardown: ${(err as Error).message}`);
    }
  }
  const scrub = (text: string): string => scrubSecrets(text, [...secrets]);
  if (result === undefined) {
    // A harness error's message may quote an answer too.
    if (thrown instanceof Error) thrown.message = scrub(thrown.message);
    throw thrown;
  }
  const clean = { ...result, notes: result.notes.map(scrub) } as ScenarioResult;
  if (clean.ok) return clean;
  if (clean.kind !== 'fail') return { ...clean, message: scrub(clean.message) };
  return { ...clean, secrets: [...secrets], step: scrub(clean.step), message: scrub(clean.message), expected: scrub(clean.expected), actual: scrub(clean.actual) };
}
