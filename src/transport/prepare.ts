/**
 * AbstractRequest → signed WireRequest: encode, then sign for the spec's auth scheme. The one
 * place both `ruleprobe sample` and the runner turn a case into bytes, so what a user previews
 * is what is sent.
 */
import { encodeRequest } from '../encode/request.js';
import type { OperationModel } from '../model/operation.js';
import type { AbstractRequest, TargetContext, WireRequest } from '../model/request.js';
import { SIGNERS, type Credentials } from '../sign/index.js';

/** What a token is for: SAS signs the entity's URI, WRAP names the namespace; both with http:. */
export function signingResource(op: OperationModel, target: TargetContext, req: AbstractRequest, wire: WireRequest): string {
  const url = new URL(wire.url);
  const origin = `http://${url.host}`;
  if (op.auth.scheme === 'wrap') return `${origin}/`;
  if (op.auth.scheme === 'sas') {
    const entity = target.entities[req.entity] ?? '';
    return `${origin}/${entity.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
  }
  return wire.url;
}

export async function prepareRequest(
  op: OperationModel,
  target: TargetContext,
  credentials: Credentials,
  req: AbstractRequest,
  now: Date,
  pick = 0,
): Promise<WireRequest> {
  const wire = encodeRequest(op, target, req);
  return SIGNERS[op.auth.scheme].sign(wire, req.auth, {
    credentials,
    now,
    resource: signingResource(op, target, req, wire),
    ...(req.authStyle ? { style: req.authStyle } : {}),
    pick: req.authStyle?.form ?? pick,
  });
}
