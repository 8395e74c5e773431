/**
 * AbstractRequest → signed WireRequest: encode, then sign for the spec's auth scheme. The one
 * place both `ruleprobe sample` and the runner turn a case into bytes, so what a user previews
 * is what is sent.
 */
import { encodeRequest } from '../encode/request.js';
import { missingEntityName } from '../model/entity.js';
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
  const entity = target.entities[req.entity] ?? '';
  return signRequest(op.auth, wire, req.auth, {
    credentials,
    now,
    // A request to an entity that does not exist is signed for that entity, so that a service which
    // checks authorization first gets past it and can answer for the entity itself.
    entity: req.path === 'unknown-entity' && entity !== '' ? missingEntityName(entity) : entity,
    ...(req.authStyle ? { style: req.authStyle } : {}),
    pick: req.authStyle?.form ?? pick,
  });
}
