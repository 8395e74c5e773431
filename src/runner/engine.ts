/**
 * The one engine: a plan (specs, rules, target, options) in, verdict records out. Every front end
 * — `ruleprobe run`, `ruleprobe replay`, the vitest suite, the bench and the mutation tests —
 * runs rules through it, so they all give the same verdict for the same plan and seed.
 */
import { REAL_TIME, signingClock, type Clock } from '../model/clock.js';
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
  /**
   * The run's time budget in milliseconds, counted from when the engine starts (start-up is not
   * charged to it): no case starts after it, and rules still running when it ends are ERROR.
   * Absent: no budget.
   */
  budgetMs?: number;
  /** Ends the run early (SIGINT, SIGTERM): rules not finished by then are ERROR "interrupted". */
  signal?: AbortSignal;
  /** Body bytes kept in a failure record. */
  previewBytes?: number;
  /** The signing clock (default: `clock`'s time). */
  now?: () => Date;
  /**
   * What the scenarios' waits and poll windows are measured on (default: real time); a virtual
   * clock (the self-tests) makes them instant. Each rule is a participant of it while it runs.
   * Budgets stay real time.
   */
  clock?: Clock;
}

/** One case sent again, as `ruleprobe replay` does it. */
export interface ReplayedCase {
  result: CaseResult;
  exchange: Exchange;
}

export class UnknownRule extends Error {}

/** Why a run ended before every rule finished. */
export type StopCause = 'budget' | 'interrupted';

const STOPPED: Record<StopCause, string> = {
  budget: "the run's time budget ran out before this rule finished",
  interrupted: 'interrupted',
};

/**
 * A plan made ready to run: one transport and one in-flight limit shared by every rule. Run rules
 * with `runRule` (in any order, concurrently) or all of them with `runPlan`; `close` when done.
 */
export class Engine {
  readonly plan: Plan;
  private readonly transport: Transport;
  private readonly inflight: Semaphore;
  private readonly rules = new Map<string, { rule: Rule; spec: PlannedSpec }>();
  /** Epoch ms after which no new case starts. */
  private readonly deadline: number;
  /** Settles when the run is stopped (budget over, or the plan's signal), with the cause. */
  private readonly stopped: Promise<StopCause>;
  private stopCause: StopCause | undefined;
  private readonly disarm: () => void;

  constructor(plan: Plan) {
    this.plan = plan;
    this.deadline = plan.budgetMs !== undefined ? Date.now() + plan.budgetMs : Number.MAX_SAFE_INTEGER;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    this.stopped = new Promise<StopCause>((resolve) => {
      const stop = (cause: StopCause): void => {
        this.stopCause ??= cause;
        resolve(this.stopCause);
      };
      if (plan.budgetMs !== undefined) {
        timer = setTimeout(() => stop('budget'), plan.budgetMs);
        timer.unref();
      }
      if (plan.signal) {
        onAbort = () => stop('interrupted');
        if (plan.signal.aborted) onAbort();
        else plan.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    this.disarm = () => {
      clearTimeout(timer);
      if (onAbort) plan.signal?.removeEventListener('abort', onAbort);
    };
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

  /**
   * The order to start the rules in: scenario rules first (they mostly wait — for delays, for
   * messages that must or must not arrive — so the other rules' requests fill that time), then
   * the others, each group in plan order. Only start times differ: records stay in plan order.
   */
  startOrder(): string[] {
    const ids = this.ruleIds();
    const waits = (id: string): boolean => this.entry(id).rule.stimulus.kind === 'scenario';
    return [...ids.filter(waits), ...ids.filter((id) => !waits(id))];
  }

  private entry(id: string): { rule: Rule; spec: PlannedSpec } {
    const e = this.rules.get(id);
    if (!e) throw new UnknownRule(`the plan has no rule ${id}`);
    return e;
  }

  /**
   * One rule → its verdict record. Never throws: the target's behaviour is FAIL or WARN, anything
   * else ERROR. A rule still running when the run is stopped is ERROR at once (its requests are
   * left to the transport's close).
   */
  async runRule(id: string): Promise<VerdictRecord> {
    const { rule, spec } = this.entry(id);
    const started = performance.now();
    const error = (reason: string, error: NonNullable<VerdictRecord['error']>): VerdictRecord => ({
      ...recordOf(rule),
      verdict: 'ERROR',
      reason,
      error,
      cases: 0,
      durationMs: Math.round(performance.now() - started),
    });
    const attempt = (): Promise<VerdictRecord> => this.run(rule, spec).catch((err: unknown) => error(`harness error: ${(err as Error).message}`, 'harness'));
    // An UNTESTABLE rule is decided without a request: a stop does not make it unfinished.
    if (!rule.testable) return attempt();
    if (this.stopCause) return error(STOPPED[this.stopCause], this.stopCause);
    return Promise.race([attempt(), this.stopped.then((cause) => error(STOPPED[cause], cause))]);
  }

  private run(rule: Rule, spec: PlannedSpec): Promise<VerdictRecord> {
    const deadline = (): number => (this.stopCause ? 0 : this.deadline);
    const clock = this.plan.clock ?? REAL_TIME;
    const leave = clock.enter();
    return runRule(rule, {
      // Read at each case: once the run is stopped, a rule still going sends nothing more.
      get deadline() {
        return deadline();
      },
      op: spec.set.operation,
      inflight: this.inflight,
      target: spec.target,
      transport: this.transport,
      now: signingClock(clock, this.plan.now),
      seed: this.plan.seed,
      runs: this.plan.runs,
      previewBytes: this.plan.previewBytes ?? 2048,
    }).finally(leave);
  }

  /** Sends one recorded case again, freshly signed, and judges the answer by the rule. Transport errors throw. */
  async replayCase(id: string, c: RequestCase): Promise<ReplayedCase> {
    const { rule, spec } = this.entry(id);
    const op = spec.set.operation;
    const now = this.plan.now?.() ?? new Date((this.plan.clock ?? REAL_TIME).now());
    const wire = await prepareRequest(op, spec.target.target, spec.target.credentials, c.request, now, c.request.authStyle?.form ?? 0);
    const response = await this.inflight.run(() => this.transport.send(wire));
    const exchange: Exchange = { case: c, request: c.request, wire, response, placeholders: urlPlaceholders(op, spec.target.target, c.request) };
    return { result: evaluate(rule, { op, rule }, exchange), exchange };
  }

  close(): Promise<void> {
    this.disarm();
    return this.transport.close();
  }
}

/**
 * Runs every rule of the plan, at most `concurrency` at once, in the engine's start order;
 * `onRecord` sees each record as it is decided, and the records come back in plan order whatever
 * order they started and finished in.
 */
export async function runPlan(plan: Plan, onRecord?: (r: VerdictRecord) => void): Promise<VerdictRecord[]> {
  const engine = new Engine(plan);
  const rules = new Semaphore(plan.concurrency);
  try {
    const decided = new Map<string, VerdictRecord>();
    await Promise.all(
      engine.startOrder().map((id) =>
        rules.run(async () => {
          const record = await engine.runRule(id);
          decided.set(id, record);
          onRecord?.(record);
        }),
      ),
    );
    return engine.ruleIds().map((id) => decided.get(id)!);
  } finally {
    await engine.close();
  }
}
