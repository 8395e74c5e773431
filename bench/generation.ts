/**
 * Requests generated per second, per spec: small random valid requests, and the boundary cases
 * at the size limits (256 KiB message bodies, 64 KiB notifications), each encoded to wire bytes.
 */
import fc from 'fast-check';
import { baseRequest, type GenContext } from '../generators/_internals/build.js';
import { ruleCases } from '../generators/ruleCases.js';
import { validRequest } from '../generators/validRequest.js';
import { loadAllSpecs } from '../specs/loader.js';
import { encodeRequest } from '../src/encode/request.js';
import type { OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, TargetContext } from '../src/model/request.js';

export interface GenerationFigure {
  spec: string;
  kind: string;
  requests: number;
  perSecond: number;
  meanBytes: number;
}

const TARGET: TargetContext = {
  baseUrl: 'http://127.0.0.1:8080',
  entities: { 'standard-queue': 'http://127.0.0.1:8080/q/std', 'fifo-queue': 'http://127.0.0.1:8080/q/f.fifo', topic: 'topic', hub: 'hub' },
};

function context(op: OperationModel): GenContext {
  const entity = op.entity.kinds[0]!;
  return { entity, entityValue: TARGET.entities[entity]!, deviceHandles: {} };
}

function measure(spec: string, kind: string, op: OperationModel, make: () => AbstractRequest[], minMs = 1000): GenerationFigure {
  let requests = 0;
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const req of make()) {
      bytes += encodeRequest(op, TARGET, req).body.length;
      requests++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { spec, kind, requests, perSecond: requests / seconds, meanBytes: bytes / requests };
}

/** Small bodies (random valid, canonical) of every spec, and at-limit bodies where a spec has a size rule. */
export function benchGeneration(progress: (s: string) => void = () => {}, minMs = 1000): GenerationFigure[] {
  const out: GenerationFigure[] = [];
  for (const set of loadAllSpecs()) {
    const op = set.operation;
    const ctx = context(op);
    const arb = validRequest(op, ctx);
    let seed = 1;
    progress(`${set.specId}: random valid, canonical`);
    out.push(measure(set.specId, 'random valid', op, () => fc.sample(arb, { seed: seed++, numRuns: 100 }), minMs));
    out.push(measure(set.specId, 'canonical', op, () => [baseRequest(op, ctx)], minMs));
    // At the limit: the boundary cases of every size rule (the largest bodies a rule sends).
    const sizeRules = set.rules.filter((r) => r.stimulus.kind === 'constraint' && r.stimulus.constraint === 'length' && (r.stimulus.detail as { unit?: string })?.unit === 'bytes');
    if (sizeRules.length) {
      progress(`${set.specId}: at-limit boundary`);
      out.push(measure(set.specId, 'at-limit boundary', op, () => sizeRules.flatMap((r) => ruleCases(r, op, ctx).fixed.map((c) => c.request)), minMs));
    }
  }
  return out;
}
