/**
 * The SQS / Yandex digests: MD5OfMessageBody and MD5OfMessageAttributes (PROTOCOL-FACTS §2.6).
 */
import { createHash } from 'node:crypto';

export function md5Hex(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

export interface MessageAttribute {
  name: string;
  /** `String`, `Number`, `Binary`, with any custom suffix (`Number.int`). */
  dataType: string;
  /** The text value, or the decoded binary value (bytes). */
  value: string | Uint8Array;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/**
 * MD5 over the attributes sorted by name (bytewise, as ydb compares), each as
 * len(name) name len(type) type transport-byte len(value) value, lengths 4-byte big-endian;
 * transport 1 for a string value, 2 for binary. No attributes: no digest.
 */
export function md5OfMessageAttributes(attributes: readonly MessageAttribute[]): string | undefined {
  if (attributes.length === 0) return undefined;
  const sorted = [...attributes].sort((a, b) => Buffer.compare(Buffer.from(a.name, 'utf8'), Buffer.from(b.name, 'utf8')));
  const parts: Buffer[] = [];
  for (const a of sorted) {
    parts.push(lengthPrefixed(Buffer.from(a.name, 'utf8')), lengthPrefixed(Buffer.from(a.dataType, 'utf8')));
    const isString = typeof a.value === 'string';
    parts.push(Buffer.from([isString ? 1 : 2]), lengthPrefixed(isString ? Buffer.from(a.value as string, 'utf8') : Buffer.from(a.value as Uint8Array)));
  }
  return md5Hex(Buffer.concat(parts));
}
