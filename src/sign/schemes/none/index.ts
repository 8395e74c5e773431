/** No credentials: the request goes as the encoder built it; every wrong variant is refused. */
import type { AuthVariant, WireRequest } from '../../../model/request.js';
import { InvalidCredentials } from '../../errors.js';
import { redactWhole } from '../../redact.js';
import type { AuthPlugin, SignContext } from '../../scheme.js';
import { replaceHeaders } from '../../_internals/request.js';
import { notAVariant } from '../../_internals/variants.js';
import { noneCatalog } from './catalog.js';

export { noneCatalog } from './catalog.js';

export type NoCredentials = { scheme: 'none' };

export async function sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest> {
  if (ctx.credentials.scheme !== 'none') throw new InvalidCredentials('none', `got ${ctx.credentials.scheme} credentials for an operation that takes none`);
  if (variant !== 'valid') throw notAVariant(noneCatalog, variant);
  // A copy all the same: callers may edit what a signer returns.
  return replaceHeaders(req, [], []);
}

export const none: AuthPlugin<NoCredentials> = {
  catalog: noneCatalog,
  sign,
  resource: (wire) => wire.url,
  sample: { baseUrl: 'https://ruleprobe-sample.example.net', credentials: { scheme: 'none' } },
  secretHeaders: () => [],
  // Never asked: the scheme names no secret header.
  redact: (_header, value) => redactWhole(value),
};
