/**
 * A hostile loopback target: one listener per mode, each misbehaving in one way a server ruleprobe
 * does not trust could. Every listener records what it received (connections, requests, the
 * Authorization and x-amz-* values) so a test can assert that none of it reaches a report.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What a report must show only escaped: script, comment, CDATA and code-block closers. */
export const HTML_PAYLOAD = '<script>alert(1)</script></code>--><!--]]><img src=x onerror=alert(2)>';
/** A terminal escape sequence: retitles the window and clears the screen if printed raw. */
export const ANSI_PAYLOAD = '\x1b]0;pwned\x07\x1b[2J\x1b[31mred';

export const HOSTILE_MODES = [
  /** Destroys every connection as soon as it is accepted. */
  'reset-on-connect',
  /** Sends the status line and headers of a 200, then destroys the connection. */
  'reset-after-headers',
  /** Accepts, reads the request, never answers. */
  'hang',
  /** Sends a response head one byte every 200 ms, never finishing it. */
  'slowloris',
  /** Answers with bytes that are not HTTP. */
  'garbage',
  /** Answers with a body and no status line or headers at all (HTTP/0.9), then closes. */
  'http09',
  /** A 200 with a 10 MB body. */
  'big-body',
  /** A 200 with a chunked body that never ends. */
  'endless-body',
  /** Content-Length larger than the body sent, then the connection closes. */
  'length-longer',
  /** Content-Length smaller than the body sent (the rest spills into the next response). */
  'length-shorter',
  /** A body that gzip-decompresses to 100 MB, labelled Content-Encoding: gzip. */
  'gzip-bomb',
  /** Billion-laughs entities in a 200 answer. */
  'xml-bomb-ok',
  /** Billion-laughs entities in an error answer. */
  'xml-bomb-error',
  /** 100 000 nested elements in a 200 answer. */
  'deep-xml',
  /** Bytes that are not UTF-8 in the body and in header values. */
  'invalid-utf8',
  /** One 64 KB header. */
  'huge-header',
  /** A thousand headers. */
  'many-headers',
  /** 301 to the same URL. */
  'redirect-self-301',
  /** 302 to the same URL. */
  'redirect-self-302',
  /** 307 to the same URL. */
  'redirect-self-307',
  /** 308 to the same URL. */
  'redirect-self-308',
  /** 307 to another listener (`redirectTo`), which must never be contacted. */
  'redirect-elsewhere',
  /** 100 Continue, then nothing. */
  'continue-then-nothing',
  /** 102 Processing every 100 ms, never a final answer. */
  'informational-loop',
  /** 101 Switching Protocols to a request that asked for no upgrade, then garbage. */
  'unasked-upgrade',
  /** HTML and script in the body and header values of an error answer. */
  'html-payload',
  /** Terminal escape sequences in the body and header values of an error answer. */
  'ansi-payload',
  /** CR/LF injection attempts: a header value with a bare CR, a body that looks like a second response. */
  'crlf-injection',
  /** Echoes the request's Authorization and x-amz-* as they came, in the body and in headers of a 200. */
  'echo-auth',
  /** Echoes them XML-escaped (as an XML server quoting a request would) in the body of an error. */
  'echo-auth-escaped',
  /** Every second request's connection destroyed; the others get a correct-ish answer. */
  'half-reset',
  /** A correct-ish answer to every request (the control). */
  'correct-ish',
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface Hostile {
  mode: HostileMode;
  url: string;
  /** Connections accepted. */
  connections: number;
  /** Requests whose head was read. */
  requests: number;
  /** Every Authorization (or ServiceBusAuthorization) value received. */
  authorizations: string[];
  close(): Promise<void>;
}

interface Head {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** Headers a server could echo that carry or accompany credentials. */
const CREDENTIAL_HEADER = /^(authorization|servicebusauthorization|x-amz-.*)$/i;
const AUTHORIZATION = /^(authorization|servicebusauthorization)$/i;

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * A Yandex Message Queue SendMessage answer that a simple target would give: 403 without
 * Authorization, 400 MissingAction without Action, else 200 with the MD5 of MessageBody.
 */
export function correctIsh(head: Head, body: Buffer): { status: number; headers: Record<string, string>; body: string } {
  const xml = { 'content-type': 'text/xml' };
  const error = (status: number, code: string): { status: number; headers: Record<string, string>; body: string } => ({
    status,
    headers: xml,
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  });
  if (!head.headers['authorization']) return error(403, 'MissingAuthenticationToken');
  const form = new URLSearchParams(body.toString('latin1'));
  if (!form.has('Action')) return error(400, 'MissingAction');
  const md5 = createHash('md5').update(Buffer.from(form.get('MessageBody') ?? '', 'utf8')).digest('hex');
  return {
    status: 200,
    headers: xml,
    body: `<SendMessageResponse><SendMessageResult><MD5OfMessageBody>${md5}</MD5OfMessageBody><MessageId>${randomUUID()}</MessageId></SendMessageResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SendMessageResponse>`,
  };
}

const LOL_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  ']>';

/**
 * Raw modes: each gets the socket once a request head has been read (its body, if any, is left
 * unread). Modes that answer properly use node:http below.
 */
const RAW: Partial<Record<HostileMode, (s: Socket, head: Head, h: State) => void>> = {
  'reset-after-headers': (s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n');
    setTimeout(() => s.destroy(), 10);
  },
  hang: () => {},
  slowloris: (s, _head, h) => {
    const text = 'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nX-Slow: ' + 'a'.repeat(10_000);
    let i = 0;
    const timer = setInterval(() => {
      if (s.destroyed) return clearInterval(timer);
      s.write(text[i++ % text.length]!);
    }, 200);
    h.timers.add(timer);
  },
  garbage: (s) => {
    s.write(Buffer.from([0x00, 0xff, 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0a, 0x0d, 0x0a]));
    s.end('SSH-2.0-OpenSSH_9.0\r\n\r\n');
  },
  http09: (s) => {
    s.end('<SendMessageResponse><SendMessageResult><MD5OfMessageBody>3e25960a79dbc69b674cd4ec67a72c62</MD5OfMessageBody></SendMessageResult></SendMessageResponse>\n');
  },
  'length-longer': (s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<SendMessageResponse>');
    setTimeout(() => s.end(), 10);
  },
  'continue-then-nothing': (s) => {
    s.write('HTTP/1.1 100 Continue\r\n\r\n');
  },
  'informational-loop': (s, _head, h) => {
    const timer = setInterval(() => {
      if (s.destroyed) return clearInterval(timer);
      s.write('HTTP/1.1 102 Processing\r\n\r\n');
    }, 100);
    h.timers.add(timer);
  },
  'unasked-upgrade': (s) => {
    s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    s.write(Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
  },
  'crlf-injection': (s) => {
    // A bare CR inside a header value: a lenient parser would read "Set-Cookie" as a header of its own.
    s.write('HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\nX-Echo: a\rSet-Cookie: injected=1\r\nContent-Length: 2\r\n\r\nok');
  },
};

interface State {
  hostile: Hostile;
  timers: Set<ReturnType<typeof setInterval>>;
  sockets: Set<Socket>;
}

/** Reads request heads off a raw socket (ignoring bodies: each raw mode answers at most once). */
function onRawConnection(mode: HostileMode, h: State, socket: Socket): void {
  let buf = Buffer.alloc(0);
  let answered = false;
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    if (answered) return;
    buf = Buffer.concat([buf, chunk]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    answered = true;
    const [start, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
    const [method = '', path = ''] = start!.split(' ');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      headers[name] = value;
      if (AUTHORIZATION.test(name)) h.hostile.authorizations.push(value);
    }
    h.hostile.requests++;
    RAW[mode]!(socket, { method, path, headers }, h);
  });
}

/** node:http modes: a request with its body read. */
type HttpMode = (req: IncomingMessage, res: ServerResponse, body: Buffer, h: State) => void;

function send(res: ServerResponse, a: { status: number; headers: Record<string, string>; body: string | Buffer }): void {
  res.writeHead(a.status, a.headers);
  res.end(a.body);
}

function headOf(req: IncomingMessage): Head {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? '', path: req.url ?? '', headers };
}

const HTTP: Partial<Record<HostileMode, HttpMode>> = {
  'big-body': (_req, res) => send(res, { status: 200, headers: { 'content-type': 'text/xml' }, body: (bigBody ??= Buffer.alloc(10 * 1024 * 1024, '<SendMessageResponse>')) }),
  'endless-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.write('<SendMessageResponse>');
    const chunk = Buffer.alloc(64 * 1024, '<a>');
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  'length-shorter': (_req, res) => {
    res.socket!.write(`HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 21\r\n\r\n<SendMessageResponse></SendMessageResponse>HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n`);
  },
  'gzip-bomb': (_req, res) => send(res, { status: 200, headers: { 'content-type': 'text/xml', 'content-encoding': 'gzip' }, body: GZIP_BOMB() }),
  'xml-bomb-ok': (_req, res) =>
    send(res, { status: 200, headers: { 'content-type': 'text/xml' }, body: `${LOL_BOMB}<SendMessageResponse><SendMessageResult><MD5OfMessageBody>&lol9;</MD5OfMessageBody><MessageId>&lol9;</MessageId></SendMessageResult></SendMessageResponse>` }),
  'xml-bomb-error': (_req, res) =>
    send(res, { status: 403, headers: { 'content-type': 'text/xml' }, body: `${LOL_BOMB}<ErrorResponse><Error><Type>Sender</Type><Code>&lol9;</Code><Message>&lol9;</Message></Error></ErrorResponse>` }),
  'deep-xml': (_req, res) =>
    send(res, { status: 200, headers: { 'content-type': 'text/xml' }, body: `<SendMessageResponse>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</SendMessageResponse>` }),
  'invalid-utf8': (_req, res) => {
    // Header values go out as latin1: \xff\xfe\xc3\x28 are bytes no UTF-8 decoder accepts.
    res.writeHead(403, { 'content-type': 'text/xml; charset=utf-8', 'x-bad': 'a\xff\xfe\xc3\x28b' });
    res.end(Buffer.concat([Buffer.from('<ErrorResponse><Error><Code>'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8]), Buffer.from('</Code></Error></ErrorResponse>')]));
  },
  'huge-header': (_req, res) => send(res, { status: 200, headers: { 'content-type': 'text/xml', 'x-huge': 'h'.repeat(64 * 1024) }, body: '<SendMessageResponse/>' }),
  'many-headers': (_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'text/xml' };
    for (let i = 0; i < 1000; i++) headers[`x-${i}`] = '1';
    send(res, { status: 403, headers, body: '<ErrorResponse><Error><Code>MissingAuthenticationToken</Code></Error></ErrorResponse>' });
  },
  'redirect-self-301': (req, res) => send(res, { status: 301, headers: { location: req.url ?? '/' }, body: '' }),
  'redirect-self-302': (req, res) => send(res, { status: 302, headers: { location: req.url ?? '/' }, body: '' }),
  'redirect-self-307': (req, res) => send(res, { status: 307, headers: { location: req.url ?? '/' }, body: '' }),
  'redirect-self-308': (req, res) => send(res, { status: 308, headers: { location: req.url ?? '/' }, body: '' }),
  'html-payload': (_req, res) =>
    send(res, {
      status: 400,
      headers: { 'content-type': 'text/html', 'x-payload': HTML_PAYLOAD },
      body: `<ErrorResponse><Error><Code>${HTML_PAYLOAD}</Code><Message>${HTML_PAYLOAD}</Message></Error></ErrorResponse>\n<html><body>${HTML_PAYLOAD}</body></html>`,
    }),
  'ansi-payload': (_req, res) =>
    send(res, {
      status: 400,
      // Node refuses control characters in header values; the escapes go in the body only.
      headers: { 'content-type': 'text/xml', 'x-payload': 'ansi' },
      body: `<ErrorResponse><Error><Code>${ANSI_PAYLOAD}</Code><Message>${ANSI_PAYLOAD}</Message></Error></ErrorResponse>`,
    }),
  'echo-auth': (req, res) => {
    const echoed = Object.entries(headOf(req).headers).filter(([k]) => CREDENTIAL_HEADER.test(k));
    res.writeHead(200, { 'content-type': 'text/xml', ...Object.fromEntries(echoed.map(([k, v]) => [`x-echo-${k}`, v])) });
    res.end(`<SendMessageResponse><Echo>${echoed.map(([k, v]) => `${k}: ${v}`).join('\n')}</Echo></SendMessageResponse>`);
  },
  'echo-auth-escaped': (req, res) => {
    const echoed = Object.entries(headOf(req).headers).filter(([k]) => CREDENTIAL_HEADER.test(k));
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end(`<ErrorResponse><Error><Code>AccessDenied</Code><Message>${echoed.map(([k, v]) => `${k}: ${xmlEscape(v)}`).join('\n')}</Message></Error></ErrorResponse>`);
  },
  'half-reset': (req, res, body, h) => {
    if (h.hostile.requests % 2 === 0) {
      req.socket.destroy();
      return;
    }
    send(res, correctIsh(headOf(req), body));
  },
  'correct-ish': (req, res, body) => send(res, correctIsh(headOf(req), body)),
};

/** Made once: a body per request would make the server's own garbage part of the memory measured. */
let bigBody: Buffer | undefined;
let gzipBomb: Buffer | undefined;
/** 100 MB of zeros, gzipped (about 100 KB), made once. */
function GZIP_BOMB(): Buffer {
  gzipBomb ??= gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
  return gzipBomb;
}

/**
 * Starts one listener on 127.0.0.1 (a free port) misbehaving as `mode`. `redirectTo` is the URL a
 * `redirect-elsewhere` answer points at.
 */
export async function startHostile(mode: HostileMode, options: { redirectTo?: string } = {}): Promise<Hostile> {
  // Compressed before listening: compressing while a request waits would stall the answer past its deadline.
  if (mode === 'gzip-bomb') GZIP_BOMB();
  const h: State = { hostile: undefined as unknown as Hostile, timers: new Set(), sockets: new Set() };
  let server: Server;
  const track = (s: Socket): void => {
    h.hostile.connections++;
    h.sockets.add(s);
    s.on('error', () => {});
    s.once('close', () => h.sockets.delete(s));
  };
  if (mode === 'reset-on-connect') {
    server = createNetServer((s) => {
      track(s);
      s.destroy();
    });
  } else if (RAW[mode]) {
    server = createNetServer((s) => {
      track(s);
      onRawConnection(mode, h, s);
    });
  } else {
    const handler: HttpMode =
      mode === 'redirect-elsewhere'
        ? (req, res) => send(res, { status: 307, headers: { location: `${options.redirectTo ?? 'http://127.0.0.1:9'}${req.url ?? '/'}` }, body: '' })
        : HTTP[mode]!;
    const http = createHttpServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
      for (const [k, v] of Object.entries(req.headers)) {
        if (AUTHORIZATION.test(k) && v !== undefined) h.hostile.authorizations.push(...(Array.isArray(v) ? v : [v]));
      }
      h.hostile.requests++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(chunks), h));
      req.on('error', () => {});
      res.on('error', () => {});
    });
    http.on('connection', track);
    http.on('clientError', (_err, socket) => socket.destroy());
    server = http;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  h.hostile = {
    mode,
    url: `http://127.0.0.1:${port}`,
    connections: 0,
    requests: 0,
    authorizations: [],
    close: async () => {
      for (const t of h.timers) clearInterval(t);
      for (const s of h.sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return h.hostile;
}
