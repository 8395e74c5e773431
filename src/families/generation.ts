/** Canonical, broken and random valid bodies, per protocol family (read by generators/ only; never encoding). */
import type { OperationModel } from '../model/operation.js';
import { atomEntryGeneration } from './atom-entry/generate.js';
import { awsQueryGeneration } from './aws-query/generate.js';
import { familyName, type FamilyName } from './catalog.js';
import { nativePushGeneration } from './native-push/generate.js';
import type { FamilyGeneration } from './types.js';
import { jsonGeneration } from './json/generate.js';

const GENERATIONS: Record<FamilyName, FamilyGeneration> = {
  'aws-query': awsQueryGeneration,
  'atom-entry': atomEntryGeneration,
  'native-push': nativePushGeneration,
  json: jsonGeneration,
};

export function familyGeneration(op: OperationModel): FamilyGeneration {
  return GENERATIONS[familyName(op.encoding)];
}
