/**
 * Native push payloads per Notification Hubs body kind (PROTOCOL-FACTS §3.3), built around a
 * text so that a payload can be sized to an exact byte count.
 */

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const jsonText = (s: string): string => JSON.stringify(s);

type Wrap = { before: string; after: string; escape: (s: string) => string };

const WRAPS: Record<string, Wrap> = {
  'apns-json': { before: '{"aps":{"alert":', after: '}}', escape: jsonText },
  'gcm-json': { before: '{"data":{"message":', after: '}}', escape: jsonText },
  'adm-json': { before: '{"data":{"msg":', after: '}}', escape: jsonText },
  'nokiax-json': { before: '{"data":{"payload":', after: '}}', escape: jsonText },
  'baidu-json': { before: '{"title":"ruleprobe","description":', after: '}', escape: jsonText },
  'wns-xml': { before: '<toast><visual><binding template="ToastText01"><text id="1">', after: '</text></binding></visual></toast>', escape: xmlEscape },
  'mpns-xml': {
    before: '<?xml version="1.0" encoding="utf-8"?><wp:Notification xmlns:wp="WPNotification"><wp:Toast><wp:Text1>',
    after: '</wp:Text1></wp:Toast></wp:Notification>',
    escape: xmlEscape,
  },
  'wns-raw': { before: '', after: '', escape: (s) => s },
};


/** The Content-Type a body kind travels with when the spec gives none for its platform. */
export const DEFAULT_CONTENT_TYPE: Record<string, string> = {
  'apns-json': 'application/json;charset=utf-8',
  'gcm-json': 'application/json;charset=utf-8',
  'adm-json': 'application/json;charset=utf-8',
  'nokiax-json': 'application/json;charset=utf-8',
  'baidu-json': 'application/json;charset=utf-8',
  'wns-xml': 'application/xml',
  'mpns-xml': 'application/xml;charset=utf-8',
  'wns-raw': 'application/octet-stream',
};

export function nativeBody(kind: string, text: string): string {
  const w = WRAPS[kind];
  if (!w) throw new Error(`unknown native body kind "${kind}"`);
  return w.before + w.escape(text) + w.after;
}

/** A well-formed payload of `kind` whose UTF-8 length is exactly `bytes`, ending in `tail` (ASCII-safe for escaping). */
export function nativeBodyOfBytes(kind: string, bytes: number, tail = ''): string {
  const frame = Buffer.byteLength(nativeBody(kind, tail), 'utf8');
  if (frame > bytes) throw new Error(`a ${kind} payload cannot be as small as ${bytes} bytes`);
  return nativeBody(kind, 'x'.repeat(bytes - frame) + tail);
}

/** Bodies that do not parse in their platform's format. */
export function malformedNativeBody(kind: string): string {
  if (kind.endsWith('-json')) return nativeBody(kind, 'ruleprobe').slice(0, -1) + ',';
  if (kind === 'wns-raw') return '';
  return nativeBody(kind, 'ruleprobe').replace(/<\/[^>]+>$/, '');
}
