/**
 * Yandex Message Queue errors: the error ids of the common-errors page with the HTTP status the
 * open-source server gives each (PROTOCOL-FACTS §2.3), and the documented error body (§2.2).
 */

/** HTTP status per error id (PROTOCOL-FACTS §2.3; ids not listed there are noted). */
const STATUS: Record<string, number> = {
  AccessDeniedException: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidParameterCombination: 400,
  InvalidParameterValue: 400,
  InvalidQueryParameter: 400,
  MalformedQueryString: 404,
  MissingAction: 400,
  MissingAuthenticationToken: 403,
  MissingParameter: 400,
  OptInRequired: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  ThrottlingException: 403,
  ValidationError: 400,
  // The seed's own two (§2.1).
  UnsupportedOperation: 400,
  InvalidMessageContents: 400,
  // Not on the common-errors page; SQS's answer to a signature mismatch (the rule accepts it or InvalidClientTokenId).
  SignatureDoesNotMatch: 403,
  // Defined by the open-source server, not the docs (§2.3, last line).
  'AWS.SimpleQueueService.NonExistentQueue': 400,
  InvalidAttributeName: 400,
  InvalidAttributeValue: 400,
  OverLimit: 403,
  // The companion operations' own (companion-facts A4, A5, A8).
  ReceiptHandleIsInvalid: 400,
  InvalidIdFormat: 400,
  QueueAlreadyExists: 400,
  QueueDeletedRecently: 400,
  PurgeQueueInProgress: 403,
};

export class YmqError {
  readonly status: number;
  constructor(
    readonly code: string,
    readonly message: string,
  ) {
    const status = STATUS[code];
    if (status === undefined) throw new Error(`no status for error id ${code}`);
    this.status = status;
  }
}

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
