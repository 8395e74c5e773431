import { describe, expect, it } from 'vitest';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import { authModel, redactRequest } from '../../../src/sign/index.js';
import { sign } from '../../../src/sign/schemes/none/index.js';
import { loadTargetText } from '../../../src/target/config.js';
import { request, snapshot } from '../helpers.js';
import { loadSpec, redactedRun } from './echo-target.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const ctx = { credentials: { scheme: 'none' }, now: NOW, resource: '' };

describe('none', () => {
  it('valid: the request exactly as encoded, its headers a copy and its body bytes shared (never written to)', async () => {
    const req = request();
    const signed = await sign(req, 'valid', ctx);
    expect(snapshot(signed)).toEqual(snapshot(req));
    expect(signed.headers).not.toBe(req.headers);
    expect(signed.body).toBe(req.body);
  });

  it('every other variant is UnsupportedAuthVariant (a SKIP) with the reason', async () => {
    for (const variant of ['missing', 'empty', 'wrong-key', 'malformed']) {
      const error = await sign(request(), variant, ctx).catch((e: unknown) => e);
      expect(error, variant).toBeInstanceOf(UnsupportedAuthVariant);
      expect((error as UnsupportedAuthVariant).reason).toBe('the operation takes no credentials, so a request has none to get wrong');
    }
    await expect(sign(request(), 'valid', { ...ctx, credentials: { scheme: 'bearer', token: 't' } })).rejects.toBeInstanceOf(InvalidCredentials);
  });

  it('has no header of its own: an Authorization the spec declares stays the generators\' and still goes redacted', () => {
    expect(authModel({ scheme: 'none' })).toEqual({ scheme: 'none', header: '', options: {}, variants: { valid: 1 }, styles: {} });
    const r = redactRequest(authModel({ scheme: 'none' }), { scheme: 'none' }, { url: 'https://h/', headers: [['Authorization', 'Basic dXNlcjpwYXNz'], ['X-Other', 'v']] });
    expect(r.headers).toEqual([['Authorization', '[redacted]'], ['X-Other', 'v']]);
  });

  it('a target config gives { scheme: none } and nothing else', () => {
    const set = loadSpec('  scheme: none', []);
    const text = (c: string) => `specs:\n  example-queue/put-message:\n    baseUrl: http://127.0.0.1:1\n    entities: { standard-queue: http://127.0.0.1:1/q }\n    credentials: ${c}\n`;
    expect(loadTargetText(text('{ scheme: none }'), 't.yaml', {}, [set]).specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'none' });
    expect(() => loadTargetText(text('{ scheme: none, token: { env: X } }'), 't.yaml', { X: 'x' }, [set])).toThrow(
      't.yaml:5:34 /specs/example-queue~1put-message/credentials/token: unknown key "token"',
    );
  });

  it('runs every rule against a target, sending no credentials', async () => {
    const run = await redactedRun('  scheme: none', [], { scheme: 'none' }, ['authorization']);
    expect(run.received.length).toBeGreaterThan(10);
    expect(run.received.every((h) => h['authorization'] === undefined)).toBe(true);
    expect(run.records.filter((r) => r.verdict === 'ERROR' || r.verdict === 'SKIP')).toEqual([]);
  });
});
