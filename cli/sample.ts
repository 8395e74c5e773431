/**
 * `ruleprobe sample`: the requests a rule would send, as they would go on the wire — method,
 * URL, headers (secrets redacted), body truncated with its byte length — without sending any.
 */
import fc from 'fast-check';
import type { GenContext } from '../generators/_internals/build.js';
import { ruleCases } from '../generators/ruleCases.js';
import { fieldWithRole, type OperationModel } from '../src/model/operation.js';
import type { RequestCase, TargetContext } from '../src/model/request.js';
import type { Rule, RuleSet } from '../src/model/rule.js';
import { redactRequest, UnsupportedAuthVariant, type Credentials } from '../src/sign/index.js';
import { prepareRequest } from '../src/transport/prepare.js';

export interface SampleOptions {
  rules: Rule[];
  runs: number;
  seed: number;
  /** Body bytes shown before truncation. */
  preview: number;
  now: Date;
  target: TargetContext;
  credentials: Credentials;
}

/** The entity kind a rule's requests go to: the one it needs, else the first the target has. */
export function entityFor(rule: Rule, op: OperationModel, target: TargetContext): string | undefined {
  if (rule.appliesTo !== 'any') return target.entities[rule.appliesTo] !== undefined ? rule.appliesTo : undefined;
  return op.entity.kinds.find((k) => target.entities[k] !== undefined);
}

export function genContext(op: OperationModel, target: TargetContext, entity: string): GenContext {
  const platforms = (fieldWithRole(op, 'format-selector')?.enum ?? []).map((e) => e.value);
  return {
    entity,
    entityValue: target.entities[entity]!,
    deviceHandles: Object.fromEntries(platforms.map((p) => [p, `sample-${p.replace(/\s+/g, '')}-device-handle`])),
  };
}

function preview(body: Uint8Array, max: number): string {
  if (body.length === 0) return '  (no body)';
  const shown = Buffer.from(body.subarray(0, max));
  const printable = /^[\t\n\r\x20-\x7e]*$/.test(shown.toString('latin1'));
  const text = printable ? shown.toString('latin1') : `hex ${shown.toString('hex')}`;
  const more = body.length > max ? ` … [${body.length - max} more bytes]` : '';
  return `  body (${body.length} bytes): ${text}${more}`;
}

async function render(c: RequestCase, op: OperationModel, o: SampleOptions, index: number): Promise<string> {
  const readings = c.readings ? ` (${c.readings.accept.join(', ')} allow it; ${c.readings.reject.join(', ')} forbid it)` : '';
  const either = c.eitherOf?.length ? ` (reading ${c.reading ?? 'first'}; else ${c.eitherOf.map((e) => e.reading).join(', ')})` : '';
  const head = `  [${c.origin}] expect ${c.expect.toUpperCase()}${readings}${either}${c.skip ? ` (not sent: ${c.skip})` : ''} — ${c.label}`;
  try {
    const wire = await prepareRequest(op, o.target, o.credentials, c.request, o.now, index);
    const shown = redactRequest(op.auth, o.credentials, wire);
    const headers = shown.headers.map(([k, v]) => `    ${k}: ${v}`);
    return [head, `    ${wire.method} ${shown.url}`, ...headers, `  ${preview(wire.body, o.preview)}`].join('\n');
  } catch (err) {
    if (err instanceof UnsupportedAuthVariant) return `${head}\n    (not sendable with these credentials: ${err.message})`;
    throw err;
  }
}

export async function sample(set: RuleSet, o: SampleOptions): Promise<string> {
  const op = set.operation;
  const out: string[] = [];
  for (const rule of o.rules) {
    out.push(`${rule.id}  ${rule.level}  ${rule.title}`);
    if (!rule.testable) {
      out.push(`  UNTESTABLE: ${rule.untestableReason}`, '');
      continue;
    }
    const entity = entityFor(rule, op, o.target);
    if (!entity) {
      out.push(`  SKIP: the target configures no ${rule.appliesTo}`, '');
      continue;
    }
    const cases = ruleCases(rule, op, genContext(op, o.target, entity));
    const random = cases.random && o.runs > 0 ? fc.sample(cases.random, { seed: o.seed, numRuns: o.runs }) : [];
    const all = [...cases.fixed, ...random];
    for (let i = 0; i < all.length; i++) out.push(await render(all[i]!, op, o, i));
    out.push(`  ${cases.fixed.length} fixed case(s), ${random.length} random (seed ${o.seed})`, '');
  }
  return `${out.join('\n')}\n`;
}
