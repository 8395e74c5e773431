/**
 * Every named response check a spec may reference, with what it verifies.
 * The loader rejects a spec that names a check not listed here.
 */
export const CHECKS = {
  'status-documented': 'The response status is one the document lists for the operation.',
  'error-code': 'A rejection carries the expected error code in the documented error body.',
  'error-body': 'An error response body has the documented error shape.',
  'response-header': 'A documented response header is present and has its documented format.',
  'response-body': 'The response body has the documented format (well-formed XML with the documented root, or no body).',
  'response-field': 'A documented response body field is present when it must be, absent when it must not be, and well-formed.',
  'md5-of-message-body': 'MD5OfMessageBody is the lowercase hex MD5 of the UTF-8 bytes of the message body.',
  'md5-of-message-attributes': 'MD5OfMessageAttributes is the MD5 of the attributes encoded as the SQS algorithm states.',
  'sequence-number-increasing': 'SequenceNumber strictly increases across sends to one FIFO message group.',
  'example-response': 'The response fields equal the values the document gives for its sample request.',
} as const;

export type CheckName = keyof typeof CHECKS;

export function isCheckName(name: string): name is CheckName {
  return Object.hasOwn(CHECKS, name);
}
