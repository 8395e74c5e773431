/**
 * An API key sent as the whole value of the header the spec names (`auth: { scheme: api-key,
 * header: X-Api-Key }`), the key from the environment.
 */
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import type { Credentials } from '../../credentials.js';
import { InvalidCredentials } from '../../errors.js';
import { redactWhole } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { wrongTokenFor } from '../../_internals/derive.js';
import { replaceHeaders } from '../../_internals/request.js';
import { isVariantOf, notAVariant, stringField } from '../../_internals/variants.js';
import { apiKeyCatalog, type ApiKeyVariant } from './catalog.js';

export { API_KEY_VARIANTS, apiKeyCatalog } from './catalog.js';

export type ApiKeyCredentials = { scheme: 'api-key'; key: string };

function apiKeyCredentials(c: Credentials): ApiKeyCredentials {
  if (c.scheme !== 'api-key') throw new InvalidCredentials('api-key', `got ${c.scheme} credentials for an operation with an API key`);
  const key = stringField(c, 'key');
  if (key === undefined || key === '') throw new InvalidCredentials('api-key', 'needs a non-empty key');
  return { scheme: 'api-key', key };
}

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  const { key } = apiKeyCredentials(ctx.credentials);
  if (!isVariantOf<ApiKeyVariant>(apiKeyCatalog, variant)) throw notAVariant(apiKeyCatalog, variant);
  const name = ctx.header;
  if (name === undefined || name === '') throw new InvalidCredentials('api-key', "no header to send the key in (the spec's auth.header)");
  const set = (value: string | null): WireRequest => replaceHeaders(req, [name], value === null ? [] : [[name, value]]);
  switch (variant) {
    case 'valid':
      return set(key);
    case 'missing':
      return set(null);
    case 'empty':
      return set('');
    case 'wrong-key':
      return set(wrongTokenFor(key));
  }
}

export const apiKey: AuthPlugin<ApiKeyCredentials> = {
  catalog: apiKeyCatalog,
  sign,
  resource: (wire) => wire.url,
  sample: { baseUrl: 'https://ruleprobe-sample.example.net', credentials: { scheme: 'api-key', key: 'sample-api-key-not-a-secret' } },
  secretHeaders: (auth) => [auth.header.toLowerCase()],
  redact: (_header, value) => redactWhole(value),
};
