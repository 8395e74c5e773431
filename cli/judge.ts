/**
 * `ruleprobe judge`: a request a client sent, read from a file, judged by a spec's request rules
 * (src/judge/). The file is either a raw HTTP/1.1 request as it went over the wire (request line,
 * header lines, a blank line, the body) or JSON `{ method, url, headers: [[name, value], …],
 * body | bodyBase64 }`.
 */
import type { WireRequest } from '../src/model/request.js';
import { formatJudgement, judgeRequest, type Judgement } from '../src/judge/index.js';
import type { RuleSet } from '../src/model/rule.js';

export class RequestFileError extends Error {}

interface JsonRequest {
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  body?: unknown;
  bodyBase64?: unknown;
}

function fromJson(text: string, file: string): WireRequest {
  let doc: JsonRequest;
  try {
    doc = JSON.parse(text) as JsonRequest;
  } catch (err) {
    throw new RequestFileError(`${file}: not JSON: ${(err as Error).message}`);
  }
  if (typeof doc.method !== 'string' || typeof doc.url !== 'string') throw new RequestFileError(`${file}: a JSON request needs "method" and "url" strings`);
  const headers = doc.headers ?? [];
  if (!Array.isArray(headers) || !headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string'))) {
    throw new RequestFileError(`${file}: "headers" must be a list of [name, value] string pairs`);
  }
  if (doc.body !== undefined && typeof doc.body !== 'string') throw new RequestFileError(`${file}: "body" must be a string (or give "bodyBase64")`);
  if (doc.bodyBase64 !== undefined && typeof doc.bodyBase64 !== 'string') throw new RequestFileError(`${file}: "bodyBase64" must be a string`);
  const body = typeof doc.bodyBase64 === 'string' ? Buffer.from(doc.bodyBase64, 'base64') : Buffer.from((doc.body as string | undefined) ?? '', 'utf8');
  return { method: doc.method, url: doc.url, headers: headers as Array<[string, string]>, body: new Uint8Array(body) };
}

function fromHttp(bytes: Buffer, file: string, scheme: string): WireRequest {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const [end, gap] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  if (end < 0) throw new RequestFileError(`${file}: no blank line after the headers`);
  const lines = bytes.subarray(0, end).toString('latin1').split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!m) throw new RequestFileError(`${file}:1: not an HTTP/1.1 request line ("METHOD /path HTTP/1.1"): ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers: Array<[string, string]> = [];
  lines.slice(1).forEach((line, i) => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RequestFileError(`${file}:${i + 2}: not a header line ("Name: value"): ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  });
  let body = bytes.subarray(end + gap);
  const length = headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  if (length !== undefined && /^\d+$/.test(length) && Number(length) < body.length) body = body.subarray(0, Number(length));
  const target = m[2]!;
  let url = target;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
    if (host === undefined) throw new RequestFileError(`${file}: the request target is a path and there is no Host header`);
    url = `${scheme}://${host}${target}`;
  }
  return { method: m[1]!, url, headers, body: new Uint8Array(body) };
}

/** A request file's request: JSON when it starts with `{`, a raw HTTP/1.1 request otherwise. */
export function readRequestFile(bytes: Buffer, file: string, scheme = 'https'): WireRequest {
  const text = bytes.toString('utf8').trimStart();
  return text.startsWith('{') ? fromJson(text, file) : fromHttp(bytes, file, scheme);
}

export interface JudgeOutput {
  text: string;
  judgements: Judgement[];
}

/** `--option name=value` arguments as target options the spec declares; a usage error (RequestFileError) otherwise. */
export function parseTargetOptions(set: RuleSet, args: string[]): Record<string, string> {
  const declared = set.operation.targetOptions;
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    const option = Object.hasOwn(declared, name) ? declared[name]! : undefined;
    if (!option) throw new RequestFileError(`unknown target option "${name}" for ${set.specId}; known: ${Object.keys(declared).join(', ') || '(none)'}`);
    if (!option.values.includes(value)) throw new RequestFileError(`target option ${name} takes ${option.values.join(' or ')}, not "${value}"`);
    out[name] = value;
  }
  return out;
}

export function judgeFiles(set: RuleSet, files: Array<{ file: string; request: WireRequest }>, options: { entity?: string; profile?: string; targetOptions?: Record<string, string>; format: 'text' | 'json' }): JudgeOutput {
  const judgements = files.map(({ request }) =>
    judgeRequest(set, request, { ...(options.targetOptions !== undefined ? { targetOptions: options.targetOptions } : {}), ...(options.entity !== undefined ? { entity: options.entity } : {}), ...(options.profile !== undefined ? { profile: options.profile } : {}) }),
  );
  if (options.format === 'json') return { judgements, text: `${JSON.stringify({ version: 1, judgements: judgements.map((j, i) => ({ file: files[i]!.file, ...j })) }, null, 2)}\n` };
  const text = judgements.map((j, i) => [`${files[i]!.file}`, ...formatJudgement(j)].join('\n')).join('\n\n');
  return { judgements, text: `${text}\n` };
}
