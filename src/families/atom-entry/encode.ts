/** atom-entry body ⇄ bytes (src/encode/atom.ts); bytes that are not an entry with the operation's content element decode as raw. */
import { decodeAtomEntry, encodeAtomEntry } from '../../encode/atom.js';
import { decodeText } from '../../encode/text.js';
import type { FamilyEncoding } from '../types.js';
import type { AtomEntryOptions } from './catalog.js';

export const atomEntryEncoding: FamilyEncoding = {
  encode(op, body) {
    if (body.kind !== 'atom') throw new Error(`${op.specId}: an atom-entry body is an entry, not ${body.kind}`);
    return encodeAtomEntry(body.description, body.descriptionIsXml, (op.encoding as AtomEntryOptions).contentElement);
  },
  decode(op, bytes) {
    if (bytes.length === 0) return { kind: 'none' };
    try {
      const entry = decodeAtomEntry(bytes);
      if (entry.contentElement === (op.encoding as AtomEntryOptions).contentElement) return { kind: 'atom', description: entry.description, descriptionIsXml: entry.descriptionIsXml };
    } catch {
      // Not an entry: a deliberately broken body, sent raw.
    }
    return { kind: 'raw', value: decodeText(bytes) };
  },
};
