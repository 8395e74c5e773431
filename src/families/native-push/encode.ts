/** native-push bodies are the platform's payload as generated: sent and read back raw. */
import { decodeText } from '../../encode/text.js';
import type { FamilyEncoding } from '../types.js';

export const nativePushEncoding: FamilyEncoding = {
  encode(op, body) {
    throw new Error(`${op.specId}: a native-push body is raw text, not ${body.kind}`);
  },
  decode: (_op, bytes) => (bytes.length === 0 ? { kind: 'none' } : { kind: 'raw', value: decodeText(bytes) }),
};
