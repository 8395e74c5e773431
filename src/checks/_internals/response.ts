/** What the checks read about the response from the operation model: fields by role. */
import { responseFieldWithRole, type OperationModel, type ResponseFieldRole } from '../../model/operation.js';

/** The element name (last path segment) of the response field with `role`, when the spec gives one. */
export function responseFieldName(op: OperationModel, role: ResponseFieldRole): string | undefined {
  return responseFieldWithRole(op, role)?.split('/').pop();
}
