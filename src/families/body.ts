/** Parameters in and out of a logical body, per protocol family (read by the generators and the checks). */
import type { FieldModel, OperationModel } from '../model/operation.js';
import type { BodyContent, TextValue } from '../model/request.js';
import { noParameters } from './_internals/no-parameters.js';
import { awsQueryBody } from './aws-query/body.js';
import { familyName, type FamilyName } from './catalog.js';
import type { FamilyBody } from './types.js';
import { jsonBody } from './json/body.js';

const BODIES: Record<FamilyName, FamilyBody> = {
  'aws-query': awsQueryBody,
  'atom-entry': noParameters,
  'native-push': noParameters,
  json: jsonBody,
};

export function familyBody(op: OperationModel): FamilyBody {
  return BODIES[familyName(op.encoding)];
}

/** The value of parameter `field` (item `n`) in the request body. */
export function parameterValue(op: OperationModel, body: BodyContent, field: FieldModel, n?: number): TextValue | undefined {
  return familyBody(op).get(op, body, field, n);
}
