/**
 * native-push (Notification Hubs, PROTOCOL-FACTS §3.3): the body is the push platform's own
 * payload, passed through as is; the header with role format-selector picks the platform, and
 * each platform names its body kind.
 */
import { fieldWithRole, type Encoding, type OperationModel } from '../../model/operation.js';
import type { NamedValue } from '../../model/request.js';
import type { FamilyCatalog, FamilyProblem } from '../types.js';

/** The native body kinds the family can build (bodies.ts builds each). */
export const BODY_KINDS = ['apns-json', 'gcm-json', 'wns-xml', 'wns-raw', 'mpns-xml', 'adm-json', 'baidu-json', 'nokiax-json'];

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** A named variation of one platform's request (a raw WNS notification): its body kind, Content-Type and extra headers. */
export interface PlatformVariant {
  platform: string;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface NativePushOptions extends Encoding {
  kind: 'native-push';
  platforms: Record<string, { body: string; maxBytes?: number }>;
  variants?: Record<string, PlatformVariant>;
}

export const nativePushCatalog: FamilyCatalog = {
  description: "the push platform's native payload, the platform picked by the format-selector header",
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'platforms'],
    properties: {
      kind: { const: 'native-push' },
      platforms: {
        type: 'object',
        minProperties: 1,
        description: 'Each value of the format-selector header, with its body kind',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['body'],
          properties: { body: { enum: BODY_KINDS }, maxBytes: { type: 'integer', minimum: 1 } },
        },
      },
      variants: {
        type: 'object',
        description: "Named variations of one platform's request; each name is a vary token",
        propertyNames: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['platform', 'body'],
          properties: {
            platform: { type: 'string', description: 'The platform the variation belongs to' },
            body: { enum: BODY_KINDS },
            contentType: { type: 'string' },
            headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Headers the variation adds' },
          },
        },
      },
    },
  },
  bodyVariants: { malformed: "one payload per platform that does not parse in the platform's format", empty: 'a request with no body at all' },
  vary: (encoding) => {
    const enc = encoding as NativePushOptions;
    return {
      body: { values: BODY_KINDS.filter((k) => Object.values(enc.platforms).some((p) => p.body === k)), description: 'the body is of this kind (one of the platforms that take it)' },
      ...Object.fromEntries(Object.entries(enc.variants ?? {}).map(([name, v]) => [name, { values: null, description: `the ${v.platform} variation with a ${v.body} body` }])),
    };
  },
  rawTextBytes: true,
  errorFormats: ['xml', 'json', 'header'],
  requestVariant(op, selection, headers: readonly NamedValue[]) {
    // A variation of the platform whose every added header the request carries (values compare case-insensitively, as X-WNS-Type's do).
    const carries = (name: string, value: string): boolean =>
      headers.some((h) => h.name.toLowerCase() === name.toLowerCase() && typeof h.value === 'string' && h.value.trim().toLowerCase() === value.toLowerCase());
    const found = Object.entries((op.encoding as NativePushOptions).variants ?? {}).find(
      ([, v]) => v.platform === selection && Object.keys(v.headers ?? {}).length > 0 && Object.entries(v.headers ?? {}).every(([n, val]) => carries(n, val)),
    );
    if (!found) return undefined;
    const [name, v] = found;
    return v.contentType === undefined ? { name } : { name, mediaType: v.contentType };
  },
  check: (op: OperationModel): FamilyProblem[] => {
    const enc = op.encoding as NativePushOptions;
    const problems: FamilyProblem[] = [];
    const selector = fieldWithRole(op, 'format-selector');
    if (!selector) return [{ pointer: '/transport/encoding/kind', message: 'a native-push operation needs a header with role "format-selector" (the header whose value picks the platform)' }];
    const values = new Set((selector.enum ?? []).map((e) => e.value));
    for (const p of Object.keys(enc.platforms)) {
      if (!values.has(p)) problems.push({ pointer: `/transport/encoding/platforms/${escapePointer(p)}`, message: `platform "${p}" is not an enumerated value of ${selector.name}` });
    }
    for (const [name, v] of Object.entries(enc.variants ?? {})) {
      if (!Object.hasOwn(enc.platforms, v.platform)) problems.push({ pointer: `/transport/encoding/variants/${escapePointer(name)}/platform`, message: `no platform named "${v.platform}" in /transport/encoding/platforms` });
    }
    op.parameters.forEach((p, i) => problems.push({ pointer: `/parameters/${i}`, message: `a native-push body carries no parameters; "${p.name}" would never be sent` }));
    return problems;
  },
};
