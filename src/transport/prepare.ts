/**
 * AbstractRequest → signed WireRequest: encode, then sign for the spec's auth scheme. The one
 * place both `ruleprobe sample` and the runner turn a case into bytes, so what a user previews
 * is what is sent.
 */
import { encodeRequest } from '../encode/request.js';
import type { OperationModel } from '../model/operation.js';
import type { AbstractRequest, TargetContext, WireRequest } from '../model/request.js';
import { signRequest, type Credentials } from '../sign/index.js';

export async function prepareRequest(
  op: OperationModel,
  target: TargetContext,
  credentials: Credentials,
  req: AbstractRequest,
  now: Date,
  pick = 0,
): Promise<WireRequest> {
  const wire = encodeRequest(op, target, req);
  return signRequest(op.auth, wire, req.auth, {
    credentials,
    now,
    entity: target.entities[req.entity] ?? '',
    ...(req.authStyle ? { style: req.authStyle } : {}),
    pick: req.authStyle?.form ?? pick,
  });
}
