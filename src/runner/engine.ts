/**
 * The one engine: a plan (specs, rules, target, options) in, verdict records out. Every front end
 * — `ruleprobe run`, `ruleprobe replay`, the vitest suite, the bench and the mutation tests —
 * runs rules through it, so they all give the same verdict for the same plan and seed.
 */
import type { Exchange } from '../model/exchange.js';
import type { RequestCase } from '../model/request.js';
import type { Rule, RuleSet } from '../model/rule.js';
import type { ResolvedTarget } from '../target/config.js';
import { Transport } from '../transport/http.js';
import { Semaphore } from '../transport/limits.js';
import { prepareRequest } from '../transport/prepare.js';
import { urlPlaceholders } from '../encode/request.js';
import { evaluate, type CaseResult } from './evaluate.js';
import { recordOf, runRule } from './run-rule.js';
import type { VerdictRecord } from './verdict.js';

/** One spec of a plan: its compiled rules, where they go, and which of them run (in order). */
export interface PlannedSpec {
  set: RuleSet;
  target: ResolvedTarget;
  ruleIds: string[];
}

export interface Plan {
  specs: PlannedSpec[];
  seed: number;
  /** Random cases per rule after the deterministic ones. */
  runs: number;
  /** Rules in flight at once; also the run-wide limit of requests in flight and of connections. */
  concurrency: number;
  timeoutMs: number;
  maxBodyBytes: number;
  /** At most this many requests per second. */
  rate?: number;
  /** Epoch ms after which no new case starts; absent: no budget. */
  deadline?: number;
  /** Body bytes kept in a failure record. */
  previewBytes?: number;
  /** The signing clock. */
  now?: () => Date;
}

/** One case sent again, as `ruleprobe replay` does it. */
export interface ReplayedCase {
  result: CaseResult;
  exchange: Exchange;
}

export class UnknownRule extends Error {}

/**
 * A plan made ready to run: one transport and one in-flight limit shared by every rule. Run rules
 * with `runRule` (in any order, concurrently) or all of them with `runPlan`; `close` when done.
 */
export class Engine {
  readonly plan: Plan;
  private readonly transport: Transport;
  private readonly inflight: Semaphore;
  private readonly rules = new Map<string, { rule: Rule; spec: PlannedSpec }>();

  constructor(plan: Plan) {
    this.plan = plan;
    this.transport = new Transport({
      timeoutMs: plan.timeoutMs,
      maxBodyBytes: plan.maxBodyBytes,
      connections: plan.concurrency,
      ...(plan.rate ? { rate: plan.rate } : {}),
    });
    this.inflight = new Semaphore(plan.concurrency);
    for (const spec of plan.specs) {
      for (const id of spec.ruleIds) {
        const rule = spec.set.rules.find((r) => r.id === id);
        if (!rule) throw new UnknownRule(`spec ${spec.set.specId} has no rule ${id}`);
        this.rules.set(id, { rule, spec });
      }
    }
  }

  /** The plan's rule ids in plan order. */
  ruleIds(): string[] {
    return [...this.rules.keys()];
  }

  private entry(id: string): { rule: Rule; spec: PlannedSpec } {
    const e = this.rules.get(id);
    if (!e) throw new UnknownRule(`the plan has no rule ${id}`);
    return e;
  }

  /** One rule → its verdict record. Never throws: the target's behaviour is FAIL or WARN, anything else ERROR. */
  async runRule(id: string): Promise<VerdictRecord> {
    const { rule, spec } = this.entry(id);
    const started = performance.now();
    try {
      return await this.run(rule, spec);
    } catch (err) {
      return {
        ...recordOf(rule),
        verdict: 'ERROR',
        reason: `harness error: ${(err as Error).message}`,
        cases: 0,
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  private run(rule: Rule, spec: PlannedSpec): Promise<VerdictRecord> {
    return runRule(rule, {
      op: spec.set.operation,
      inflight: this.inflight,
      target: spec.target,
      transport: this.transport,
      now: this.plan.now ?? (() => new Date()),
      seed: this.plan.seed,
      runs: this.plan.runs,
      deadline: this.plan.deadline ?? Number.MAX_SAFE_INTEGER,
      previewBytes: this.plan.previewBytes ?? 2048,
    });
  }

  /** Sends one recorded case again, freshly signed, and judges the answer by the rule. Transport errors throw. */
  async replayCase(id: string, c: RequestCase): Promise<ReplayedCase> {
    const { rule, spec } = this.entry(id);
    const op = spec.set.operation;
    const now = this.plan.now?.() ?? new Date();
    const wire = await prepareRequest(op, spec.target.target, spec.target.credentials, c.request, now, c.request.authStyle?.form ?? 0);
    const response = await this.inflight.run(() => this.transport.send(wire));
    const exchange: Exchange = { case: c, request: c.request, wire, response, placeholders: urlPlaceholders(op, spec.target.target, c.request) };
    return { result: evaluate(rule, { op, rule }, exchange), exchange };
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/**
 * Runs every rule of the plan, at most `concurrency` at once; `onRecord` sees each record as it is
 * decided, and the records come back in plan order whatever order they finished in.
 */
export async function runPlan(plan: Plan, onRecord?: (r: VerdictRecord) => void): Promise<VerdictRecord[]> {
  const engine = new Engine(plan);
  const rules = new Semaphore(plan.concurrency);
  try {
    return await Promise.all(
      engine.ruleIds().map((id) =>
        rules.run(async () => {
          const record = await engine.runRule(id);
          onRecord?.(record);
          return record;
        }),
      ),
    );
  } finally {
    await engine.close();
  }
}
