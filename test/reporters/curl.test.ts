/**
 * The curl line, run for real: bash executes it against a local server that records what
 * arrived, and every byte must match the recorded request.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlFor } from '../../src/report/curl.js';
import type { SentRequest } from '../../src/runner/verdict.js';

const run = promisify(execFile);

interface Captured {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

let server: Server;
let base: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      captured.push({ method: req.method!, url: req.url!, headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const FRESH_SIGNATURE = 'SharedAccessSignature sr=x&sig=FRESHLY-SIGNED&se=1&skn=k';

/** Runs the line with bash and returns what the server received. */
async function send(req: SentRequest): Promise<Captured> {
  const line = curlFor(req);
  expect(line).not.toContain('\n');
  const before = captured.length;
  // The line exactly as printed, trailing comment and all.
  await run('bash', ['-c', line], {
    env: { PATH: process.env.PATH, RULEPROBE_AUTHORIZATION: FRESH_SIGNATURE },
    timeout: 20_000,
  });
  expect(captured.length).toBe(before + 1);
  return captured[before]!;
}

const header = (c: Captured, name: string): string[] => c.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

function expectSame(got: Captured, req: SentRequest): void {
  expect(got.method).toBe(req.method);
  const url = new URL(req.url);
  expect(got.url).toBe(url.pathname + url.search);
  for (const [name, value] of req.headers) {
    if (name.toLowerCase() === 'authorization') continue;
    expect(header(got, name), name).toEqual([value]);
  }
  expect(got.body.equals(Buffer.from(req.body, 'latin1'))).toBe(true);
}

/** Every byte a shell could trip on: quotes, newlines, `$`, backslashes, `!`, and 0x01–0xFF. */
const NASTY = `a 'single' "double" $HOME \`id\` \\n \\x41 \\ !! %s %b\nline2\r\n\ttab;&|<>*?[x]{a,b}~ ${Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join('')} end\\`;

function request(over: Partial<SentRequest> = {}): SentRequest {
  const body = over.body ?? NASTY;
  return {
    method: 'POST',
    url: `${base}/ruleprobe-hub/messages/?direct&api-version=2015-04&q=a%20b`,
    headers: [
      ['Content-Type', 'application/xml;charset=utf-8'],
      ['ServiceBusNotification-Tags', `it's "quoted" $HOME \\ !x`],
      ['X-Latin1', 'caf\xe9 \xff'],
      ['Authorization', 'SharedAccessSignature sr=http%3a%2f%2fhost%2fhub&sig=[redacted]&se=1767319445&skn=DefaultFullSharedAccessSignature'],
    ],
    body,
    bodyBytes: Buffer.byteLength(body, 'latin1'),
    bodyTruncated: false,
    ...over,
  };
}

describe('curlFor', () => {
  it('reproduces method, path and query, headers and the exact body bytes', async () => {
    const req = request();
    const got = await send(req);
    expectSame(got, req);
    expect(got.body.length).toBe(req.bodyBytes);
  });

  it('never prints a redacted Authorization: the line reads $RULEPROBE_AUTHORIZATION instead', async () => {
    const req = request();
    const line = curlFor(req);
    expect(line).toContain('-H "Authorization: $RULEPROBE_AUTHORIZATION"');
    expect(line).not.toContain('[redacted]');
    expect(line).not.toContain('sig=');
    expect(header(await send(req), 'authorization')).toEqual([FRESH_SIGNATURE]);
  });

  it('writes the body with $\'…\' quoting and keeps plain words readable', () => {
    const line = curlFor(request({ body: 'a=1&b=it\'s' }));
    expect(line).toContain(`--data-binary $'a=1&b=it\\'s'`);
    expect(line).toContain(`-H 'Content-Type: application/xml;charset=utf-8'`);
    expect(line.startsWith(`curl -i '${base}/ruleprobe-hub/messages/?direct&api-version=2015-04&q=a%20b'`)).toBe(true);
  });

  it('sends a body holding NUL bytes through printf, byte for byte', async () => {
    const req = request({ body: `\0lead\0mid\\0 \\x00 '\0' \xff\0` });
    expect(curlFor(req)).toMatch(/^printf '%b' '.*' \| curl .* --data-binary @-$/);
    expectSame(await send(req), req);
  });

  it('sends a body that starts with @ as data, not as a file name', async () => {
    const req = request({ body: '@/etc/passwd' });
    expect(curlFor(req)).toContain(`--data-raw $'@/etc/passwd'`);
    expectSame(await send(req), req);
  });

  it('adds no Content-Type the request did not have, and no Expect: 100-continue', async () => {
    const body = 'x'.repeat(2000);
    const req = request({ headers: [['X-Only', '1']], body, bodyBytes: 2000 });
    const got = await send(req);
    expectSame(got, req);
    expect(header(got, 'content-type')).toEqual([]);
    expect(header(got, 'expect')).toEqual([]);
  });

  it('sends GET without a body, an empty header value as empty, other methods with -X', async () => {
    const get = request({ method: 'GET', body: '', bodyBytes: 0, headers: [['X-Empty', ''], ['X-Dollar', '$PATH']] });
    expect(curlFor(get)).not.toContain('-X');
    const got = await send(get);
    expectSame(got, get);
    expect(got.body.length).toBe(0);
    const del = request({ method: 'DELETE', body: '', bodyBytes: 0 });
    expect(curlFor(del)).toContain('-X DELETE');
    expectSame(await send(del), del);
    const put = request({ method: 'PUT', body: 'x', bodyBytes: 1 });
    expectSame(await send(put), put);
  });

  it('keeps dot segments and brackets in the URL as recorded', async () => {
    const req = request({ url: `${base}/a/../b/./c?x=[1]&y={2}` });
    const line = curlFor(req);
    expect(line).toContain('--globoff');
    expect(line).toContain('--path-as-is');
    const got = await send(req);
    expect(got.url).toBe('/a/../b/./c?x=[1]&y={2}');
  });

  it('says when the body was cut, sends what was shown, and drops the recorded Content-Length', async () => {
    const req = request({ body: 'abc', bodyBytes: 5000, bodyTruncated: true, headers: [['Content-Type', 'text/plain'], ['Content-Length', '5000']] });
    const line = curlFor(req);
    expect(line).toMatch(/ # body truncated: 3 of 5000 bytes shown; use ruleprobe replay$/);
    expect(line).not.toContain('Content-Length');
    const got = await send(req);
    expect(got.body.toString('latin1')).toBe('abc');
  });

  it('turns any other redacted header into its own variable', () => {
    const line = curlFor(request({ headers: [['X-Amz-Security-Token', '[redacted]']] }));
    expect(line).toContain('-H "X-Amz-Security-Token: $RULEPROBE_X_AMZ_SECURITY_TOKEN"');
  });
});
