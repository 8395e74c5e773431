/** Logical body ⇄ wire bytes, per protocol family (read by src/encode/request.ts only). */
import type { OperationModel } from '../model/operation.js';
import type { BodyContent } from '../model/request.js';
import { encodeText } from '../encode/text.js';
import { atomEntryEncoding } from './atom-entry/encode.js';
import { awsQueryEncoding } from './aws-query/encode.js';
import { familyName, type FamilyName } from './catalog.js';
import { nativePushEncoding } from './native-push/encode.js';
import type { FamilyEncoding } from './types.js';
import { jsonEncoding } from './json/encode.js';

const ENCODINGS: Record<FamilyName, FamilyEncoding> = {
  'aws-query': awsQueryEncoding,
  'atom-entry': atomEntryEncoding,
  'native-push': nativePushEncoding,
  json: jsonEncoding,
};

/** A body's bytes: raw text and no body alike for every family, the rest by the operation's family. */
export function encodeBody(op: OperationModel, body: BodyContent): Uint8Array {
  if (body.kind === 'raw') return encodeText(body.value);
  if (body.kind === 'none') return new Uint8Array(0);
  return ENCODINGS[familyName(op.encoding)].encode(op, body);
}

export function decodeBody(op: OperationModel, bytes: Uint8Array): BodyContent {
  return ENCODINGS[familyName(op.encoding)].decode(op, bytes);
}
