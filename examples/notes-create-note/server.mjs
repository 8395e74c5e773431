#!/usr/bin/env node
// The Notes API's "Create a note" (DOCUMENT.md), in plain Node, on the loopback interface only.
//
//   NOTES_TOKEN=… node server.mjs [--port N] [--notebooks a,b]
//
// --port 0 picks a free port (default 8080); --notebooks lists the notebooks that exist
// (default: personal). Prints `listening http://127.0.0.1:PORT` when ready. No dependencies.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    notebooks: { type: 'string', default: 'personal' },
  },
});
const TOKEN = process.env.NOTES_TOKEN;
if (!TOKEN) {
  console.error('server: set NOTES_TOKEN to the bearer token clients must send');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`server: --port must be 0..65535, got ${values.port}`);
  process.exit(2);
}
const NOTEBOOKS = new Set(values.notebooks.split(',').map((s) => s.trim()).filter(Boolean));
const MAX_BODY = 1024 * 1024;
const COLORS = ['yellow', 'blue', 'green', 'pink'];
const MEMBERS = new Set(['title', 'text', 'priority', 'color']);

class HttpError extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function authorize(header) {
  const challenge = { 'WWW-Authenticate': 'Bearer realm="notes"' };
  if (header === undefined) throw new HttpError(401, 'unauthorized', 'a bearer token is required', challenge);
  // RFC 7235: the auth-scheme is case-insensitive; RFC 6750: one space, then the token.
  const m = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
  const given = m ? Buffer.from(m[1]) : Buffer.alloc(0);
  const expected = Buffer.from(TOKEN);
  if (!m || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, 'unauthorized', 'the bearer token is not valid', { 'WWW-Authenticate': 'Bearer realm="notes", error="invalid_token"' });
  }
}

function isJsonMediaType(header) {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((s) => s.trim());
  if (type.toLowerCase() !== 'application/json') return false;
  return params.every((p) => {
    const eq = p.indexOf('=');
    if (eq < 0) return false;
    const name = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    return name === 'charset' && value === 'utf-8';
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? reject(new HttpError(413, 'payload_too_large', `the body exceeds ${MAX_BODY} bytes`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** The code points of a string, an unpaired surrogate kept as itself. */
function codePoints(s) {
  return [...s].map((c) => c.codePointAt(0));
}

function isControlOrInvalid(cp) {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff;
}

function invalid(message) {
  return new HttpError(400, 'validation_failed', message);
}

function checkText(name, value, { min, max, allowLineBreaks }) {
  if (typeof value !== 'string') throw invalid(`${name}: must be a string`);
  const cps = codePoints(value);
  if (cps.length < min) throw invalid(`${name}: at least ${min} character${min === 1 ? '' : 's'}`);
  if (cps.length > max) throw invalid(`${name}: at most ${max} characters`);
  for (const cp of cps) {
    if (allowLineBreaks && (cp === 0x9 || cp === 0xa || cp === 0xd)) continue;
    if (isControlOrInvalid(cp)) throw invalid(`${name}: U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed`);
  }
  return value;
}

function validate(doc) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
  for (const key of Object.keys(doc)) if (!MEMBERS.has(key)) throw invalid(`${key}: unknown member`);
  if (!('title' in doc)) throw invalid('title: required');
  const note = {
    title: checkText('title', doc.title, { min: 1, max: 120, allowLineBreaks: false }),
    text: 'text' in doc ? checkText('text', doc.text, { min: 0, max: 2000, allowLineBreaks: true }) : '',
    priority: 3,
    color: 'yellow',
  };
  if ('priority' in doc) {
    const p = doc.priority;
    if (typeof p !== 'number' || !Number.isInteger(p)) throw invalid('priority: must be an integer');
    if (p < 1 || p > 5) throw invalid('priority: from 1 to 5');
    note.priority = p;
  }
  if ('color' in doc) {
    if (!COLORS.includes(doc.color)) throw invalid(`color: one of ${COLORS.join(', ')}`);
    note.color = doc.color;
  }
  return note;
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const m = /^\/v1\/notebooks\/([^/]+)\/notes$/.exec(url.pathname);
  if (req.method !== 'POST' || !m) throw new HttpError(404, 'not_found', 'no such resource');
  authorize(req.headers.authorization);
  const notebook = decodeURIComponent(m[1]);
  if (!NOTEBOOKS.has(notebook)) throw new HttpError(404, 'not_found', `no notebook ${JSON.stringify(notebook)}`);
  if (!isJsonMediaType(req.headers['content-type'])) throw new HttpError(415, 'unsupported_media_type', 'the body must be application/json');
  const raw = await readBody(req);
  let doc;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw));
  } catch {
    throw new HttpError(400, 'invalid_request', 'the body is not JSON (UTF-8)');
  }
  const note = { id: `n_${randomBytes(8).toString('hex')}`, notebook, ...validate(doc), createdAt: new Date().toISOString() };
  send(res, 201, note, { Location: `/v1/notebooks/${encodeURIComponent(notebook)}/notes/${note.id}` });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (err instanceof HttpError) send(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
    else {
      console.error(err);
      send(res, 500, { error: { code: 'internal', message: 'internal error' } });
    }
  });
});
server.listen(port, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
