/**
 * atom-entry requests: the canonical entry, entries whose description is plain text, nested XML
 * or text across Unicode, and the broken bodies the Atom format allows (not XML, malformed, no
 * namespace, another root).
 */
import { textIn, XML_CHARS } from '../../../generators/_internals/codePoints.js';
import { CANONICAL_TEXT } from '../../model/canonical.js';
import type { AbstractRequest } from '../../model/request.js';
import type { FamilyGeneration } from '../types.js';
import type { AtomEntryOptions } from './catalog.js';

const ATOM = 'http://www.w3.org/2005/Atom';

export const atomEntryGeneration: FamilyGeneration = {
  canonicalBody: () => ({ kind: 'atom', description: CANONICAL_TEXT, descriptionIsXml: false }),
  brokenBodies(op, variant, base) {
    const raw = (value: string): AbstractRequest => ({ ...base(), body: { kind: 'raw', value } });
    const element = (op.encoding as AtomEntryOptions).contentElement;
    const entry = `<entry xmlns='${ATOM}'><content type='application/xml'><${element}>${CANONICAL_TEXT}</${element}></content></entry>`;
    switch (variant) {
      case 'not-xml':
        return [['plain-text body "This is a message."', raw('This is a message.')], ['JSON body', raw('{"message":"ruleprobe"}')]];
      case 'malformed-xml':
        return [['Atom entry cut before </content></entry>', raw(entry.slice(0, entry.indexOf('</content>')))], ['unclosed tag', raw(`<entry xmlns="${ATOM}"><content>`)]];
      case 'wrong-namespace':
        return [['<entry> without the Atom namespace', raw(entry.replace(` xmlns='${ATOM}'`, ''))]];
      case 'wrong-root':
        return [['<feed> instead of <entry>', raw(entry.replace(/<(\/?)entry/g, '<$1feed'))]];
      case 'empty':
        return [['empty body', { ...base(), body: { kind: 'none' } }]];
      default:
        throw new Error(`${op.specId}: atom-entry has no body variant "${variant}"`);
    }
  },
  validRequest(_op, env, vary, max) {
    const kind = vary.find((v) => v.key === 'description')?.value ?? 'text';
    const text = kind === 'unicode' ? textIn([[0x80, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff]], { minLength: 1, maxLength: max }) : textIn(XML_CHARS, { maxLength: max });
    return text.map((t) => {
      const req = env.base();
      const escaped = t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      req.body = kind === 'xml' ? { kind: 'atom', description: `<Note lang="en">${escaped}</Note>`, descriptionIsXml: true } : { kind: 'atom', description: t, descriptionIsXml: false };
      return req;
    });
  },
};

