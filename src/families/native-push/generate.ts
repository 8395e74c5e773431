/**
 * native-push requests: the platform's own payload for the selected platform (with its
 * documented media type and device handle), every platform and declared variant at random,
 * payloads sized to the byte, and payloads that do not parse in their platform's format.
 */
import fc from 'fast-check';
import { textIn, XML_CHARS } from '../../../generators/_internals/codePoints.js';
import { CANONICAL_TEXT } from '../../model/canonical.js';
import { fieldWithRole, type OperationModel } from '../../model/operation.js';
import type { AbstractRequest } from '../../model/request.js';
import type { FamilyGeneration } from '../types.js';
import { DEFAULT_CONTENT_TYPE, malformedNativeBody, nativeBody, nativeBodyOfBytes } from './bodies.js';
import type { NativePushOptions } from './catalog.js';

/** The body kind of a platform, reading an accepted alternative spelling (of the format selector's enum) as its listed value. */
export function bodyKindOf(op: OperationModel, platform: string | undefined): string | undefined {
  const platforms = (op.encoding as NativePushOptions).platforms;
  if (platform === undefined) return undefined;
  if (Object.hasOwn(platforms, platform)) return platforms[platform]!.body;
  const listed = fieldWithRole(op, 'format-selector')?.enum?.find((e) => e.alternatives.includes(platform))?.value;
  return listed !== undefined && Object.hasOwn(platforms, listed) ? platforms[listed]!.body : undefined;
}

const firstKind = (op: OperationModel): string => Object.values((op.encoding as NativePushOptions).platforms)[0]!.body;

const essenceOf = (mediaType: string): string => mediaType.split(';')[0]!.trim().toLowerCase();

/**
 * The body kind a request of `platform` sent as `mediaType` carries, so that type and body agree:
 * the platform's own kind when it is of that type, else the first kind of that type among the
 * platforms and variants (a WNS request sent as application/json carries a JSON object, an APNS
 * one sent as application/xml an XML document); undefined when no kind is of that type.
 */
export function bodyKindFor(op: OperationModel, platform: string | undefined, mediaType: string): string | undefined {
  const enc = op.encoding as NativePushOptions;
  const own = bodyKindOf(op, platform);
  const kinds = [...(own ? [own] : []), ...Object.values(enc.platforms).map((p) => p.body), ...Object.values(enc.variants ?? {}).map((v) => v.body)];
  const want = essenceOf(mediaType);
  return kinds.find((k) => DEFAULT_CONTENT_TYPE[k] !== undefined && essenceOf(DEFAULT_CONTENT_TYPE[k]) === want);
}

export const nativePushGeneration: FamilyGeneration = {
  canonicalBody: ({ op, selection }) => ({ kind: 'raw', value: nativeBody(bodyKindOf(op, selection) ?? firstKind(op), CANONICAL_TEXT) }),
  naturalMediaType: (op, selection) => DEFAULT_CONTENT_TYPE[bodyKindOf(op, selection) ?? ''],
  bodyForMediaType(op, selection, mediaType) {
    const kind = bodyKindFor(op, selection, mediaType);
    return kind === undefined ? undefined : { kind: 'raw', value: nativeBody(kind, CANONICAL_TEXT) };
  },
  brokenBodies(op, variant, base) {
    if (variant === 'empty') return [['empty body', { ...base(), body: { kind: 'none' } }]];
    if (variant !== 'malformed') throw new Error(`${op.specId}: native-push has no body variant "${variant}"`);
    // One broken payload per platform whose native format can be parsed.
    return Object.entries((op.encoding as NativePushOptions).platforms)
      .filter(([, p]) => p.body !== 'wns-raw')
      .map(([platform, p]): [string, AbstractRequest] => [`${platform}: ${p.body} that does not parse`, { ...base(platform), body: { kind: 'raw', value: malformedNativeBody(p.body) } }]);
  },
  sizedBody(op, selection, bytes, tail) {
    const kind = bodyKindOf(op, selection) ?? firstKind(op);
    return { value: nativeBodyOfBytes(kind, bytes, tail), kind };
  },
  validRequest(op, env, vary, max) {
    const enc = op.encoding as NativePushOptions;
    const selector = fieldWithRole(op, 'format-selector');
    // One spelling per value, the listed one: another spelling is its own rule's question (format-…), never drawn here.
    const all = (selector?.enum ?? []).map((e) => e.value);
    const kinds = vary.filter((v) => v.key === 'body').map((v) => v.value!);
    const variantKey = vary.find((v) => enc.variants !== undefined && Object.hasOwn(enc.variants, v.key))?.key;
    const variant = variantKey !== undefined ? enc.variants![variantKey]! : undefined;
    const platforms = variant ? [variant.platform] : kinds.length ? all.filter((p) => kinds.includes(bodyKindOf(op, p) ?? '')) : all;
    const ct = fieldWithRole(op, 'media-type');
    const handle = fieldWithRole(op, 'device-handle');
    return fc
      .record({
        platform: fc.constantFrom(...platforms),
        text: textIn(XML_CHARS, { minLength: 1, maxLength: max }),
        typePick: fc.nat(),
      })
      .map(({ platform, text, typePick }) => {
        let req = env.base(platform);
        const documented = ct?.dependsOn && Object.hasOwn(ct.dependsOn.values, platform) ? ct.dependsOn.values[platform] : undefined;
        // A body kind the rule asks for (body=wns-xml) travels with the documented type of its own kind.
        const ownType = kinds.length ? documented?.find((d) => essenceOf(d) === essenceOf(DEFAULT_CONTENT_TYPE[bodyKindOf(op, platform) ?? ''] ?? '')) : undefined;
        const type = variant ? variant.contentType : (ownType ?? (documented ? documented[typePick % documented.length]! : undefined));
        // The body is of the Content-Type sent: a WNS toast as application/xml, a JSON object as application/json.
        const kind = variant ? variant.body : ((type !== undefined ? bodyKindFor(op, platform, type) : undefined) ?? bodyKindOf(op, platform) ?? firstKind(op));
        req.body = { kind: 'raw', value: nativeBody(kind, text) };
        if (ct && type) req = env.withField(req, ct, type);
        for (const [name, value] of Object.entries(variant?.headers ?? {})) req.headers.push({ name, value });
        if (handle) req = env.withField(req, handle, env.deviceHandle(platform));
        return req;
      });
  },
};
