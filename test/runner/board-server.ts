/**
 * An in-process implementation of the json-board fixture (test/fixtures/specs/scenario), written
 * from its comments, for the scenario engine's tests. Each `broken` mode breaks one promise:
 * `ignore-delay` lists a note at once, `reverse` lists newest first, `mangle` lists a title's
 * supplementary-plane characters as U+FFFD (the md5 still of the posted title), `lost` gives a
 * Location no note has, `no-create` refuses to create boards, `echo-key` puts the caller's API key
 * in the Location header instead of the note's path; `slow-list` keeps its promises but answers a
 * listing or a note one second after it was asked, with the notes visible when it answers. Several
 * breaks may be combined.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BoardBreak = 'ignore-delay' | 'reverse' | 'mangle' | 'lost' | 'no-create' | 'echo-key' | 'slow-list';

/** How long a `slow-list` server takes to answer a listing. */
export const SLOW_LIST_MS = 1000;

export interface BoardServer {
  url: string;
  /** Boards deleted so far (teardown is observable). */
  deleted: string[];
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  close(): Promise<void>;
}

interface Note {
  id: string;
  title: string;
  visibleAt: number;
}

const KEY = 'board-test-key';

/** `now` and `sleep`: the server's clock in epoch ms (a test's virtual clock; default real time). */
export async function startBoardServer(broken?: BoardBreak | BoardBreak[], now: () => number = Date.now, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<BoardServer> {
  const breaks = new Set<BoardBreak>(Array.isArray(broken) ? broken : broken ? [broken] : []);
  const boards = new Map<string, Note[]>([['main', []]]);
  const deleted: string[] = [];
  const seen: string[] = [];
  let n = 0;
  const json = (status: number, body?: unknown, headers: Record<string, string> = {}): { status: number; body: string; headers: Record<string, string> } => ({
    status,
    body: body === undefined ? '' : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  const handle = (method: string, path: string, key: string | undefined, raw: string): ReturnType<typeof json> => {
    if (key !== KEY) return json(401, { error: { code: 'Unauthorized' } });
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'POST' && parts.length === 1 && parts[0] === 'boards') {
      if (breaks.has('no-create')) return json(500, { error: { code: 'Internal' } });
      const name = (JSON.parse(raw) as { name: string }).name;
      boards.set(name, []);
      return json(201, { name });
    }
    const board = parts[0] === 'boards' ? boards.get(parts[1] ?? '') : undefined;
    if (!board) return json(404, { error: { code: 'NoSuchBoard' } });
    if (method === 'DELETE' && parts.length === 2) {
      boards.delete(parts[1]!);
      deleted.push(parts[1]!);
      return json(204);
    }
    if (parts[2] !== 'notes') return json(404, { error: { code: 'NotFound' } });
    const at = now();
    const visible = (): Note[] => board.filter((x) => x.visibleAt <= at);
    const shown = (x: Note): { id: string; title: string; md5: string } => ({
      id: x.id,
      title: breaks.has('mangle') ? x.title.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD') : x.title,
      md5: createHash('md5').update(x.title, 'utf8').digest('hex'),
    });
    if (method === 'POST' && parts.length === 3) {
      const doc = JSON.parse(raw) as { title?: unknown; delay?: unknown };
      if (typeof doc.title !== 'string') return json(400, { error: { code: 'MissingParameter' } });
      const delay = typeof doc.delay === 'number' && !breaks.has('ignore-delay') ? doc.delay : 0;
      const note = { id: `n${++n}`, title: doc.title, visibleAt: at + delay * 1000 };
      board.push(note);
      const id = breaks.has('lost') ? `n${n + 1000}` : note.id;
      return json(201, { id: note.id }, { location: breaks.has('echo-key') ? `/keys/${key}` : `/boards/${parts[1]}/notes/${id}` });
    }
    if (method === 'GET' && parts.length === 3) {
      const list = visible().map(shown);
      return json(200, { notes: breaks.has('reverse') ? list.reverse() : list });
    }
    const note = visible().find((x) => x.id === parts[3]);
    if (method === 'GET' && parts.length === 4) return note ? json(200, shown(note)) : json(404, { error: { code: 'NotFound' } });
    if (method === 'DELETE' && parts.length === 4) {
      if (!note) return json(404, { error: { code: 'NotFound' } });
      board.splice(board.indexOf(note), 1);
      return json(204);
    }
    return json(405, { error: { code: 'MethodNotAllowed' } });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = (req.url ?? '').split('?')[0]!;
      if (breaks.has('slow-list') && req.method === 'GET' && /^\/boards\/[^/]+\/notes(\/[^/]+)?$/.test(path)) await sleep(SLOW_LIST_MS);
      seen.push(`${req.method} ${path}`);
      const key = req.headers['x-api-key'];
      const out = handle(req.method ?? '', path, typeof key === 'string' ? key : undefined, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(out.status, out.headers);
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deleted,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const BOARD_KEY = KEY;
