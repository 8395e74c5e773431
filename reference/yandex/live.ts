/**
 * Yandex Message Queue — SendMessage as the open-source server (ydb, the live service's code)
 * answers it: the `live` profile, from PROTOCOL-FACTS §2.4–2.8 [CODE YDB-*]. What differs from
 * the seed's reading is small, so this file holds only the differences, and reference/yandex.ts
 * calls them where the profile is live:
 *  - a body outside the allowed characters (or not UTF-8) is 400 InvalidParameterValue
 *    "Message body validation failed" (§2.4, §2.8 item 3), not the seed's InvalidMessageContents;
 *  - body and attributes together count toward the 256 KiB limit (§2.4, YC-MAV);
 *  - a signature mismatch is 403 InvalidClientTokenId (§2.3);
 *  - the error body starts with an XML declaration and has Message and Code, no Type (§2.2
 *    [CODE YDB-XML], §2.8 item 4); the success body starts with an XML declaration (§2.5);
 *  - SequenceNumber is a decimal uint64 (§2.5), which the shared state already writes.
 * FIFO ids stay as the seed's reading has them: without MessageGroupId or (content-based
 * deduplication off) MessageDeduplicationId the server answers 400 MissingParameter (§2.4).
 */
import { randomUUID } from 'node:crypto';
import type { RefResponse } from '../types.js';
import { xmlEscape, YmqError } from './errors.js';
import type { Attribute } from './message.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const XML_HEADERS = { 'content-type': 'text/xml' };

/** ydb's body limit: body plus every attribute's name, type and value (§2.4). */
export const LIVE_MAX_MESSAGE_BYTES = 262_144;

/** The error ydb gives where the seed's reading gives another. */
export function liveError(e: YmqError): YmqError {
  if (e.code === 'InvalidMessageContents') return new YmqError('InvalidParameterValue', `Message body validation failed: ${e.message}`);
  if (e.code === 'SignatureDoesNotMatch') return new YmqError('InvalidClientTokenId', 'The request signature we calculated does not match the signature you provided.');
  return e;
}

/** The size problem of a message whose body and attributes together exceed the limit, or null. */
export function liveSizeError(body: Buffer, attributes: readonly Attribute[]): YmqError | null {
  const size = body.length + attributes.reduce((n, a) => n + Buffer.byteLength(a.name, 'utf8') + Buffer.byteLength(a.dataType, 'utf8') + a.value.length, 0);
  return size > LIVE_MAX_MESSAGE_BYTES ? new YmqError('InvalidParameterValue', `Message must be shorter than ${LIVE_MAX_MESSAGE_BYTES} bytes.`) : null;
}

/** ydb's error document: declaration, Message before Code, no Type (§2.2 [CODE YDB-XML]). */
export function liveErrorResponse(e: YmqError): RefResponse {
  const body = `${XML_DECLARATION}<ErrorResponse><Error><Message>${xmlEscape(e.message)}</Message><Code>${xmlEscape(e.code)}</Code></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: e.status, headers: XML_HEADERS, body };
}

/** A success document as ydb writes it: with the XML declaration (§2.5). */
export function liveSuccessBody(xml: string): string {
  return `${XML_DECLARATION}${xml}`;
}
