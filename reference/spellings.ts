/**
 * Mutants that refuse one equivalent spelling a conforming server reads like the documented one
 * (RFC 9110 §5.1 header names, §8.3.1/§8.3.2/§5.6.6 media types; RFC 3986 §2.1 and the WHATWG
 * URL form parser for form bodies). Each operation names what its document writes — its header
 * names, its Content-Type values — and asks `refusedSpelling` once, before reading the request;
 * the pristine reference never refuses here (its own parsers read every spelling alike).
 */
import { isMutant, type RefConfig, type RefRequest } from './types.js';

export interface DocumentedSpellings {
  /** The spec id the mutants are named under (`<spec id>/<rule slug>`). */
  specId: string;
  /** Request header names as the document writes them (`Content-Type`, `x-ms-version`). */
  headerNames: readonly string[];
  /** Content-Type values exactly as the document writes them. */
  contentTypes: readonly string[];
  /** Whether the body is a form (the form-spelling mutants apply). */
  form?: boolean;
}

const squash = (v: string): string => v.replace(/[ \t]*;[ \t]*/g, ';');

/** `name=value` pairs after the first `;`, names trimmed, as written. */
function rawParameters(value: string): Array<{ name: string; value: string }> {
  return value
    .split(';')
    .slice(1)
    .map((p) => {
      const eq = p.indexOf('=');
      return { name: (eq < 0 ? p : p.slice(0, eq)).trim(), value: eq < 0 ? '' : p.slice(eq + 1).trim() };
    });
}

/** The field names of a form body, in order. */
function formNames(body: Buffer): string[] {
  return body
    .toString('latin1')
    .split('&')
    .filter((p) => p !== '')
    .map((p) => p.split('=')[0]!);
}

/** Why a spelling mutant refuses this request, or undefined (always undefined for the pristine reference). */
export function refusedSpelling(req: RefRequest, cfg: RefConfig, doc: DocumentedSpellings): string | undefined {
  const m = (slug: string): boolean => isMutant(cfg, `${doc.specId}/${slug}`);
  if (m('header-name-case')) {
    // Header names matched case-sensitively against the document's spellings.
    const sent = req.headerNames ?? [];
    const odd = sent.find((n) => doc.headerNames.some((d) => d.toLowerCase() === n.toLowerCase() && d !== n));
    if (odd !== undefined) return `Header ${odd} is not known; send ${doc.headerNames.find((d) => d.toLowerCase() === odd.toLowerCase())}.`;
  }
  const ct = req.headers['content-type'];
  if (ct !== undefined && !doc.contentTypes.includes(ct)) {
    const essence = ct.split(';')[0]!;
    if (m('content-type-case') && essence !== essence.toLowerCase()) return `Content-Type ${ct} is not supported (type and subtype compared case-sensitively).`;
    if (m('content-type-charset-spelling') && rawParameters(ct).some((p) => p.name.toLowerCase() === 'charset' && (p.name !== 'charset' || p.value !== 'utf-8'))) {
      return `Content-Type ${ct} is not supported (charset compared as written).`;
    }
    if (m('content-type-parameter-spacing') && doc.contentTypes.some((d) => squash(d) === squash(ct))) return `Content-Type ${ct} is not supported (spaces compared as written).`;
    if (m('content-type-parameter-order')) {
      const names = rawParameters(ct).map((p) => p.name.toLowerCase());
      const documented = doc.contentTypes.map((d) => rawParameters(d).map((p) => p.name.toLowerCase()));
      const sameSet = documented.find((d) => d.length === names.length && d.every((n) => names.includes(n)));
      if (sameSet && sameSet.some((n, i) => names[i] !== n)) return `Content-Type ${ct} is not supported (parameters read in the documented order).`;
    }
  }
  if (doc.form) {
    const body = req.body.toString('latin1');
    if (m('form-space-encoding') && body.includes('%20')) return 'The form writes a space as %20; only + is read as a space.';
    if (m('form-hex-case') && /%(?:[0-9A-F][a-f]|[a-f][0-9A-Fa-f])/.test(body)) return 'The form has a percent-escape with lower-case hex digits.';
    if (m('form-field-order')) {
      // Parameters read positionally, in the sample request's order: those present must come as there.
      const sample = ['Action', 'Version', 'QueueUrl', 'MessageBody'];
      const present = formNames(req.body).filter((n) => sample.includes(n));
      const expected = sample.filter((n) => present.includes(n));
      if (present.some((n, i) => n !== expected[i])) return `The form has ${present.join(', ')}; the parameters are read in the order ${sample.join(', ')}.`;
    }
  }
  return undefined;
}

const DESCRIPTIONS: Record<string, (doc: DocumentedSpellings) => string> = {
  'header-name-case': (d) => `header names are matched case-sensitively (${d.headerNames.join(', ')} as documented; content-type or CONTENT-TYPE is refused)`,
  'content-type-case': () => 'the Content-Type type and subtype are compared case-sensitively (APPLICATION/… is refused)',
  'content-type-charset-spelling': () => 'the charset parameter is compared as written (charset=UTF-8, Charset=utf-8 and charset="utf-8" are refused)',
  'content-type-parameter-spacing': () => 'spaces around the Content-Type semicolons are compared as written',
  'content-type-parameter-order': () => 'the Content-Type parameters are read in the documented order (type before charset)',
  'form-space-encoding': () => 'only + is read as a space: a form with %20 is refused',
  'form-hex-case': () => 'percent-escapes with lower-case hex digits (%2f) are refused',
  'form-field-order': () => 'form parameters are read positionally: Action, Version, QueueUrl, MessageBody must come in the sample request\'s order',
};

/** The spelling mutants an operation serves (`slugs` of its spec's spelling rules), named by rule id. */
export function spellingMutants(doc: DocumentedSpellings, slugs: readonly string[]): Record<string, string> {
  return Object.fromEntries(slugs.map((s) => [`${doc.specId}/${s}`, DESCRIPTIONS[s]!(doc)]));
}
