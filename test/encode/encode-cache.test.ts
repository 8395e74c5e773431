/** What the encoders cache must equal what they build anew, and never change. */
import { describe, expect, it } from 'vitest';
import { encodeForm, percentEncode } from '../../src/encode/form.js';
import { encodeRequest, freshEncoding } from '../../src/encode/request.js';
import { encodeText } from '../../src/encode/text.js';
import type { AbstractRequest, FormStyle, TargetContext } from '../../src/model/request.js';
import { loadAllSpecs } from '../../specs/loader.js';

const STYLES: FormStyle[] = [
  { order: 'as-is', space: 'plus', hexCase: 'upper' },
  { order: 'as-is', space: 'percent', hexCase: 'lower' },
  { order: 'sorted', space: 'plus', hexCase: 'lower' },
];

/** The form as the spec writes it, built the plain way: escape each name and value, join. */
function plainForm(fields: Array<{ name: string; value: string }>, style: FormStyle): string {
  const space = style.space === 'plus' ? '+' : '%20';
  const ordered = style.order === 'sorted' ? [...fields].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name))) : fields;
  return ordered.map((f) => `${percentEncode(encodeText(f.name), space, style.hexCase)}=${percentEncode(encodeText(f.value), space, style.hexCase)}`).join('&');
}

describe('form encoding of large values', () => {
  it('a value escaped once and reused gives the bytes of a fresh escape, in every spelling', () => {
    const big = `a b${'é中😀'.repeat(30_000)}`;
    for (const style of STYLES) {
      const fields = [{ name: 'Action', value: 'SendMessage' }, { name: 'MessageBody', value: big }, { name: 'Version', value: '2012-11-05' }];
      const want = plainForm(fields, style);
      const first = encodeForm(fields, style);
      // The same text in another string object hits the cache too.
      const second = encodeForm([fields[0]!, { name: 'MessageBody', value: big.slice(0, 1) + big.slice(1) }, fields[2]!], style);
      expect(Buffer.from(first).toString('latin1')).toBe(want);
      expect(Buffer.from(second).toString('latin1')).toBe(want);
      // Each body has bytes of its own: writing to one does not reach the next.
      first[0] = 0x21;
      expect(Buffer.from(encodeForm(fields, style)).toString('latin1')).toBe(want);
    }
  });

  it('an empty form and a form of empty values', () => {
    expect([...encodeForm([], STYLES[0]!)]).toEqual([]);
    expect(Buffer.from(encodeForm([{ name: 'a', value: '' }, { name: '', value: '' }], STYLES[0]!)).toString('latin1')).toBe('a=&=');
  });
});

describe('encodeRequest cache', () => {
  const sets = loadAllSpecs();
  const target: TargetContext = { baseUrl: 'http://127.0.0.1:9', entities: { 'standard-queue': 'http://127.0.0.1:9/q', 'fifo-queue': 'http://127.0.0.1:9/q.fifo', topic: 'orders', hub: 'hub' } };

  const frozen = <T>(v: T): T => {
    if (v && typeof v === 'object') {
      for (const x of Object.values(v)) frozen(x);
      Object.freeze(v);
    }
    return v;
  };

  it('a frozen request encodes to the same frozen wire request, equal to a fresh encoding', () => {
    for (const set of sets) {
      const op = set.operation;
      const req: AbstractRequest = frozen({ entity: op.entity.kinds[0]!, path: 'operation', query: [], headers: [{ name: 'X-Ruleprobe', value: 'v' }], body: { kind: 'raw', value: 'body' }, auth: 'valid' });
      const a = encodeRequest(op, target, req);
      expect(encodeRequest(op, target, req)).toBe(a);
      expect(a).toEqual(freshEncoding(op, target, req));
      expect(Object.isFrozen(a)).toBe(true);
      expect(Object.isFrozen(a.headers)).toBe(true);
    }
  });

  it('a request that may still change is encoded anew each time', () => {
    const op = sets[0]!.operation;
    const req: AbstractRequest = { entity: op.entity.kinds[0]!, path: 'operation', query: [], headers: [{ name: 'X-Ruleprobe', value: 'v' }], body: { kind: 'raw', value: 'one' }, auth: 'valid' };
    const a = encodeRequest(op, target, req);
    req.body = { kind: 'raw', value: 'two' };
    const b = encodeRequest(op, target, req);
    expect(Buffer.from(a.body).toString()).toBe('one');
    expect(Buffer.from(b.body).toString()).toBe('two');
  });

  it('a target with another URL is never served the first one\'s encoding', () => {
    const op = sets[0]!.operation;
    const req: AbstractRequest = frozen({ entity: op.entity.kinds[0]!, path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' });
    const moved: TargetContext = { ...target, baseUrl: 'http://127.0.0.1:10' };
    expect(encodeRequest(op, target, req).url).not.toBe(encodeRequest(op, moved, req).url);
    expect(encodeRequest(op, moved, req).url).toBe(freshEncoding(op, moved, req).url);
  });
});
