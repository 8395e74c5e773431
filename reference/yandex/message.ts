/**
 * The message a SendMessage request carries, read and checked as the seed and PROTOCOL-FACTS
 * describe it: body (§2.1, §2.4), DelaySeconds, message attributes (§2.4 YDB-PARSE/HELP, YC-MAV)
 * and the FIFO ids (§2.4, §2.7). Every check answers the first problem it finds as a YmqError.
 */
import { createHash } from 'node:crypto';
import { isMutant, type RefConfig } from '../types.js';
import { YmqError } from './errors.js';
import type { Params } from './form.js';
import { M } from './mutants.js';

/** Seed: "The maximum size is 256 KB"; YC-LIM/YDB-LIM: 1 to 262,144 bytes. */
export const MAX_BODY_BYTES = 262_144;
export const MAX_ATTRIBUTES = 10;
export const MAX_ATTRIBUTE_NAME = 256;
export const MAX_DATA_TYPE = 256;
export const MAX_FIFO_ID = 128;
export const MAX_DELAY_SECONDS = 900;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Strict UTF-8 (surrogate code points are not UTF-8, so WTF-8 bytes fail too); undefined when invalid. */
export function utf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A character outside the seed's list #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF
 * (a lone surrogate included: with the `u` flag it is one code point).
 */
const NOT_MESSAGE_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function firstBadChar(text: string): number | undefined {
  const m = NOT_MESSAGE_CHAR.exec(text);
  return m ? m[0].codePointAt(0)! : undefined;
}

const hexCp = (cp: number): string => `#x${cp.toString(16).toUpperCase()}`;

export interface Body {
  bytes: Buffer;
  text: string;
}

/**
 * MessageBody: valid UTF-8 of allowed characters (InvalidMessageContents, the seed's error id;
 * the live server's InvalidParameterValue is the other accepted reading), then 1..262144 bytes.
 * The body alone is limited here; with attributes, messageTooLong counts every part (YC-MAV).
 */
export function readBody(cfg: RefConfig, bytes: Buffer): Body | YmqError {
  let text = utf8(bytes);
  if (isMutant(cfg, M.bodyCharset)) text = lenientUtf8.decode(bytes);
  else {
    if (text === undefined) return new YmqError('InvalidMessageContents', 'Message body is not valid UTF-8.');
    const bad = firstBadChar(text);
    if (bad !== undefined) return new YmqError('InvalidMessageContents', `Message body contains the character ${hexCp(bad)}, outside the allowed set.`);
  }
  const size = isMutant(cfg, M.bodySize) ? [...text].length : bytes.length;
  if (size < 1 && !isMutant(cfg, M.bodyEmpty)) return new YmqError('InvalidParameterValue', 'Message body must not be empty.');
  if (size > MAX_BODY_BYTES) return new YmqError('InvalidParameterValue', `Message must be shorter than ${MAX_BODY_BYTES} bytes.`);
  if (isMutant(cfg, M.bodyFormats) && text.startsWith('<')) return new YmqError('InvalidMessageContents', 'Markup is not accepted in a message body.');
  return { bytes, text };
}

/**
 * YC-MAV: "all parts together count toward 256 KB" — the body and each attribute's name, type
 * and value bytes. A message over it is 400 InvalidParameterValue, as the body alone is (readBody
 * judges a message without attributes).
 */
export function messageTooLong(cfg: RefConfig, body: Body, attributes: readonly Attribute[]): YmqError | undefined {
  const parts = isMutant(cfg, M.sizeWithAttributes) ? 0 : attributes.reduce((n, a) => n + Buffer.byteLength(a.name) + Buffer.byteLength(a.dataType) + a.value.length, 0);
  if (attributes.length === 0 || body.bytes.length + parts <= MAX_BODY_BYTES) return undefined;
  return new YmqError('InvalidParameterValue', `Message must be shorter than ${MAX_BODY_BYTES} bytes (body and attributes together).`);
}

/**
 * DelaySeconds: an integer (optional sign '-' and decimal digits, nothing else) from 0 to 900.
 * On a FIFO queue the seed says the value does not apply; it is still checked, then ignored.
 */
export function readDelay(cfg: RefConfig, value: string | undefined, fifo: boolean): number | undefined | YmqError {
  if (value === undefined) {
    if (!fifo && isMutant(cfg, M.delayOptional)) return new YmqError('MissingParameter', 'The request must contain the parameter DelaySeconds.');
    return undefined;
  }
  let n: number;
  if (isMutant(cfg, M.delayType)) n = parseInt(value, 10);
  else n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(n)) return new YmqError('InvalidParameterValue', `Value ${value} for parameter DelaySeconds is not an integer.`);
  const max = isMutant(cfg, M.delayRange) ? MAX_DELAY_SECONDS + 1 : MAX_DELAY_SECONDS;
  if (n < 0) return new YmqError('InvalidParameterValue', 'Delay seconds must not be negative.');
  if (n > max) return new YmqError('InvalidParameterValue', 'Delay seconds are too big.');
  return n;
}

export interface Attribute {
  name: string;
  dataType: string;
  /** 1: String and Number (StringValue); 2: Binary (BinaryValue). */
  transport: 1 | 2;
  value: Buffer;
}

const ATTR_KEY = /^MessageAttribute\.(\d+)\.(Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue)$/;
/** A list-valued attribute parameter (YC-MAV): MessageAttribute.N.Value.StringListValue.N or .BinaryListValue.N. */
export const LIST_KEY = /^MessageAttribute\.[1-9]\d*\.Value\.(?:String|Binary)ListValue\.[1-9]\d*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function nameProblem(cfg: RefConfig, name: string): string | undefined {
  const length = [...name].length;
  if (length < 1) return 'Message attribute name must not be empty.';
  if (length > MAX_ATTRIBUTE_NAME && !isMutant(cfg, M.attrNameLength)) return `Message attribute name must be at most ${MAX_ATTRIBUTE_NAME} characters.`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) return 'Invalid message attribute name.';
  if (/^(?:aws|amazon)\./i.test(name) && !isMutant(cfg, M.attrNamePattern)) return 'Message attribute names starting with AWS. or Amazon. are reserved.';
  return undefined;
}

/**
 * MessageAttribute.N.{Name, Value.DataType, Value.StringValue, Value.BinaryValue} (the SQS wire
 * names, the "wire" reading of the seed's MessageAttributeName.N / MessageAttributeValue.N).
 * At most 10 items; names unique and well-formed; DataType String, Number or Binary, optionally
 * with a custom suffix (`Number.int`); the value field the DataType names must be present and
 * not empty.
 *
 * Reading: the DataType chooses the value field. A value field of the other kind, when present
 * too, must still be well-formed (StringValue in the message charset, BinaryValue base64) but is
 * ignored. ydb rejects both together with InvalidParameterCombination (PROTOCOL-FACTS §2.4); the
 * spec's binary-value-type cases send a BinaryValue inside a String item and expect the well-formed
 * one accepted, so the stricter reading would contradict the spec (see the report).
 */
export function readAttributes(cfg: RefConfig, params: Params): Attribute[] | YmqError {
  // YC-MAV: StringListValue.N and BinaryListValue.N are "not implemented"; seed S2's
  // UnsupportedOperation ("the operation is not supported") is the answer to them.
  const list = params.names().find((k) => LIST_KEY.test(k));
  if (list !== undefined && !isMutant(cfg, M.unsupportedOperation)) return new YmqError('UnsupportedOperation', `${list}: list values are not implemented.`);
  const items = new Map<number, Map<string, Buffer>>();
  for (const key of params.names()) {
    const m = ATTR_KEY.exec(key);
    if (!m) continue;
    const n = Number(m[1]);
    if (!items.has(n)) items.set(n, new Map());
    items.get(n)!.set(m[2]!, params.bytes(key)!);
  }
  if (items.size === 0 && isMutant(cfg, M.attrOptional)) return new YmqError('MissingParameter', 'The request must contain at least one message attribute.');
  const maxItems = isMutant(cfg, M.attrCount) ? MAX_ATTRIBUTES + 1 : MAX_ATTRIBUTES;
  if (items.size > maxItems) return new YmqError('InvalidParameterCombination', `Too many message attributes: at most ${MAX_ATTRIBUTES} are allowed.`);

  const out: Attribute[] = [];
  const seen = new Set<string>();
  for (const n of [...items.keys()].sort((a, b) => a - b)) {
    const item = items.get(n)!;
    const nameBytes = item.get('Name');
    if (nameBytes === undefined) {
      if (isMutant(cfg, M.attrNameRequired)) continue;
      return new YmqError('MissingParameter', `MessageAttribute.${n}.Name is missing.`);
    }
    const name = nameBytes.toString('utf8');
    const problem = nameProblem(cfg, name);
    if (problem) return new YmqError('InvalidParameterValue', problem);
    if (seen.has(name)) {
      if (isMutant(cfg, M.attrNameDuplicate)) continue;
      return new YmqError('InvalidParameterCombination', `Message attribute name ${name} is used more than once.`);
    }
    seen.add(name);

    let dataType = item.get('Value.DataType')?.toString('utf8') ?? '';
    if (dataType === '') {
      if (!isMutant(cfg, M.dataTypeRequired)) return new YmqError('InvalidParameterCombination', `Message attribute ${name} has no DataType.`);
      dataType = 'String';
    }
    if (dataType.length > MAX_DATA_TYPE) return new YmqError('InvalidParameterValue', `Message attribute ${name}: DataType is longer than ${MAX_DATA_TYPE} characters.`);
    const m = /^(String|Number|Binary)(?:\.[\x21-\x7e]+)?$/.exec(dataType);
    let base = m?.[1];
    if (base === undefined) {
      if (!isMutant(cfg, M.dataTypeUnlisted)) return new YmqError('InvalidParameterValue', `Message attribute ${name}: DataType ${dataType} is not String, Number or Binary.`);
      base = 'String';
    }
    const refused = { String: M.dataTypeString, Number: M.dataTypeNumber, Binary: M.dataTypeBinary }[base as 'String' | 'Number' | 'Binary'];
    if (isMutant(cfg, refused)) return new YmqError('InvalidParameterValue', `Message attribute ${name}: DataType ${base} is not supported.`);

    const stringBytes = item.get('Value.StringValue');
    let stringValue: Buffer | undefined;
    if (stringBytes !== undefined) {
      if (isMutant(cfg, M.stringValueCharset)) stringValue = Buffer.from(lenientUtf8.decode(stringBytes), 'utf8');
      else {
        const text = utf8(stringBytes);
        if (text === undefined) return new YmqError('InvalidMessageContents', `Message attribute ${name}: StringValue is not valid UTF-8.`);
        const bad = firstBadChar(text);
        if (bad !== undefined) return new YmqError('InvalidMessageContents', `Message attribute ${name}: StringValue contains ${hexCp(bad)}, outside the allowed set.`);
        stringValue = stringBytes;
      }
    }
    const binaryText = item.get('Value.BinaryValue')?.toString('latin1');
    let binaryValue: Buffer | undefined;
    if (binaryText !== undefined) {
      if (!BASE64.test(binaryText) && !isMutant(cfg, M.binaryValueType)) return new YmqError('InvalidParameterValue', `Message attribute ${name}: BinaryValue is not base64.`);
      binaryValue = Buffer.from(binaryText, 'base64');
    }

    const transport = base === 'Binary' ? 2 : 1;
    let value = transport === 2 ? binaryValue : stringValue;
    if (value === undefined) {
      const field = transport === 2 ? 'BinaryValue' : 'StringValue';
      if (!isMutant(cfg, M.attrValueMissing)) return new YmqError('InvalidParameterCombination', `Message attribute ${name} of type ${dataType} needs a ${field}.`);
      value = Buffer.alloc(0);
    } else if (value.length === 0 && !isMutant(cfg, M.attrValueEmpty)) return new YmqError('InvalidParameterValue', `Message attribute ${name} has an empty value.`);
    if (base === 'Number' && value.length > 0 && !NUMBER.test(value.toString('utf8'))) return new YmqError('InvalidParameterValue', `Message attribute ${name}: ${value.toString('utf8')} is not a number.`);
    out.push({ name, dataType, transport, value });
  }
  return out;
}

/**
 * MD5OfMessageAttributes (PROTOCOL-FACTS §2.6): attributes sorted by the bytes of their names, each
 * written as len(name) name len(type) type transport len(value) value, lengths 4-byte big-endian.
 */
export function md5OfAttributes(cfg: RefConfig, attributes: readonly Attribute[]): string {
  const littleEndian = isMutant(cfg, M.md5Attrs);
  const prefixed = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    if (littleEndian) len.writeUInt32LE(b.length);
    else len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const sorted = isMutant(cfg, M.md5AttrsSorted) ? [...attributes] : [...attributes].sort((a, b) => Buffer.compare(Buffer.from(a.name, 'utf8'), Buffer.from(b.name, 'utf8')));
  const hash = createHash('md5');
  for (const a of sorted) {
    hash.update(prefixed(Buffer.from(a.name, 'utf8')));
    hash.update(prefixed(Buffer.from(a.dataType, 'utf8')));
    hash.update(Buffer.from([a.transport]));
    hash.update(prefixed(a.value));
  }
  return hash.digest('hex');
}

/**
 * MessageGroupId / MessageDeduplicationId on a FIFO queue: at most 128 characters from digits,
 * Latin letters and ASCII punctuation (#x21-#x7E); an empty value is no id.
 */
export function readFifoId(cfg: RefConfig, field: 'MessageGroupId' | 'MessageDeduplicationId', bytes: Buffer): string | YmqError {
  const [lengthMutant, charsetMutant] = field === 'MessageGroupId' ? [M.groupLength, M.groupCharset] : [M.dedupLength, M.dedupCharset];
  const text = utf8(bytes);
  if (text === undefined) return new YmqError('InvalidParameterValue', `${field} is not valid UTF-8.`);
  const chars = [...text];
  if (chars.length === 0) return new YmqError('InvalidParameterValue', `${field} must not be empty.`);
  const max = isMutant(cfg, lengthMutant) ? MAX_FIFO_ID + 1 : MAX_FIFO_ID;
  if (chars.length > max) return new YmqError('InvalidParameterValue', `${field} must be at most ${MAX_FIFO_ID} characters.`);
  const lowest = isMutant(cfg, charsetMutant) ? 0x20 : 0x21;
  const bad = chars.find((c) => c.codePointAt(0)! < lowest || c.codePointAt(0)! > 0x7e);
  if (bad !== undefined) return new YmqError('InvalidParameterValue', `${field} contains ${hexCp(bad.codePointAt(0)!)}; only digits, Latin letters and punctuation are allowed.`);
  return text;
}
