/**
 * A tiny in-process implementation of the json-notes fixture operation, written from its
 * description (not from the spec's code paths), for loopback tests of the json family. `lax`
 * is a wrong server: it takes titles of any length.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotesServer {
  url: string;
  close(): Promise<void>;
}

function error(status: number, code: string): { status: number; body: string } {
  return { status, body: JSON.stringify({ error: { code, message: code } }) };
}

function handle(method: string, path: string, contentType: string | undefined, raw: Buffer, lax: boolean, next: () => number): { status: number; body: string } {
  if (method !== 'POST' || path !== '/notes') return error(404, 'NotFound');
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media !== 'application/json') return error(415, 'UnsupportedMediaType');
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return error(400, 'InvalidJson');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return error(400, 'InvalidJson');
  const note = doc as Record<string, unknown>;
  if (!('title' in note)) return error(400, 'MissingParameter');
  const title = note['title'];
  if (typeof title !== 'string' || !title.isWellFormed()) return error(400, 'InvalidParameter');
  const chars = [...title].length;
  if (chars < 1 || (!lax && chars > 64)) return error(400, 'InvalidParameter');
  if ('priority' in note) {
    const p = note['priority'];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 5) return error(400, 'InvalidParameter');
  }
  if ('urgent' in note && typeof note['urgent'] !== 'boolean') return error(400, 'InvalidParameter');
  if ('tags' in note) {
    const t = note['tags'];
    if (!Array.isArray(t) || t.length > 3 || !t.every((x) => typeof x === 'string')) return error(400, 'InvalidParameter');
  }
  return { status: 201, body: JSON.stringify({ id: `n${next()}` }) };
}

export async function startNotesServer(options: { lax?: boolean } = {}): Promise<NotesServer> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = handle(req.method ?? '', (req.url ?? '').split('?')[0]!, req.headers['content-type'], Buffer.concat(chunks), options.lax ?? false, () => ++n);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
