/**
 * The protocol families a spec may name in `transport.encoding.kind` — the one registry every
 * other family map is keyed by. Catalog entries are data and pure checks only (no encoders,
 * no generators), so the spec loader can read them.
 */
import type { Encoding, OperationModel } from '../model/operation.js';
import { atomEntryCatalog } from './atom-entry/catalog.js';
import { awsQueryCatalog } from './aws-query/catalog.js';
import { nativePushCatalog } from './native-push/catalog.js';
import type { FamilyCatalog } from './types.js';
import { jsonCatalog } from './json/catalog.js';

export const FAMILIES = {
  'aws-query': awsQueryCatalog,
  'atom-entry': atomEntryCatalog,
  'native-push': nativePushCatalog,
  json: jsonCatalog,
} satisfies Record<string, FamilyCatalog>;

export type FamilyName = keyof typeof FAMILIES;

export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

export function isFamilyName(kind: string): kind is FamilyName {
  return Object.hasOwn(FAMILIES, kind);
}

/** The family of an encoding; a loaded spec always names a registered one. */
export function familyName(encoding: Encoding): FamilyName {
  if (!isFamilyName(encoding.kind)) throw new Error(`unknown protocol family "${encoding.kind}"; known: ${FAMILY_NAMES.join(', ')}`);
  return encoding.kind;
}

export function familyOf(op: Pick<OperationModel, 'encoding'>): FamilyCatalog {
  return FAMILIES[familyName(op.encoding)];
}
