/**
 * `Authorization: Bearer <token>` (RFC 6750 §2.1) with a token from the environment. The harness
 * cannot mint or re-date a bearer token, so its wrong variants are the framing's and a token
 * that is certainly not the configured one.
 */
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import type { Credentials } from '../../credentials.js';
import { InvalidCredentials } from '../../errors.js';
import { redactWordAndToken } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { pickForm, wrongTokenFor } from '../../_internals/derive.js';
import { replaceHeaders } from '../../_internals/request.js';
import { isVariantOf, notAVariant, stringField } from '../../_internals/variants.js';
import { BEARER_MALFORMED_FORMS, bearerCatalog, type BearerMalformedForm, type BearerVariant } from './catalog.js';

export { BEARER_MALFORMED_FORMS, BEARER_VARIANTS, bearerCatalog } from './catalog.js';

export type BearerCredentials = { scheme: 'bearer'; token: string };

function bearerCredentials(c: Credentials): BearerCredentials {
  if (c.scheme !== 'bearer') throw new InvalidCredentials('bearer', `got ${c.scheme} credentials for an operation with bearer tokens`);
  const token = stringField(c, 'token');
  if (token === undefined || token === '') throw new InvalidCredentials('bearer', 'needs a non-empty token');
  return { scheme: 'bearer', token };
}

function malformed(token: string, form: BearerMalformedForm): string {
  switch (form) {
    case 'no-space':
      return `Bearer${token}`;
    case 'space-inside': {
      if (token.length < 2) return `Bearer ${token} ${token}`;
      const half = Math.ceil(token.length / 2);
      return `Bearer ${token.slice(0, half)} ${token.slice(half)}`;
    }
    case 'quoted':
      return `Bearer "${token}"`;
    case 'no-scheme-word':
      return token;
  }
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const { token } = bearerCredentials(ctx.credentials);
  if (!isVariantOf<BearerVariant>(bearerCatalog, variant)) throw notAVariant(bearerCatalog, variant);
  const name = ctx.header ?? 'Authorization';
  const set = (value: string | null): WireRequest => replaceHeaders(req, [name], value === null ? [] : [[name, value]]);
  switch (variant) {
    case 'valid':
      return set(`Bearer ${token}`);
    case 'missing':
      return set(null);
    case 'empty':
      return set('Bearer ');
    case 'wrong-scheme':
      // The right token under another scheme word: only the scheme is wrong.
      return set(`Basic ${token}`);
    case 'malformed':
      return set(malformed(token, pickForm(BEARER_MALFORMED_FORMS, ctx.pick)));
    case 'wrong-key':
      return set(`Bearer ${wrongTokenFor(token)}`);
  }
}

/** Scheme words the signer writes; they stay visible, the token never does. */
const WORDS = new Set(['bearer', 'basic']);

export const bearer: AuthPlugin<BearerCredentials> = {
  catalog: bearerCatalog,
  sign,
  resource: (wire) => wire.url,
  sample: { baseUrl: 'https://ruleprobe-sample.example.net', credentials: { scheme: 'bearer', token: 'sample-bearer-token-not-a-secret' } },
  secretHeaders: (auth) => [auth.header.toLowerCase()],
  redact: (_header, value) => redactWordAndToken(value, WORDS),
};
