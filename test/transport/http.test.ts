import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore } from '../../src/transport/limits.js';
import { Transport, TransportError } from '../../src/transport/http.js';

const servers: Array<{ close: () => void }> = [];
afterEach(() => {
  while (servers.length) servers.pop()!.close();
});

async function rawServer(onConnection: (socket: Socket) => void): Promise<string> {
  const server: Server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transport(over: Partial<ConstructorParameters<typeof Transport>[0]> = {}): Transport {
  return new Transport({ timeoutMs: 500, maxBodyBytes: 1024, connections: 4, ...over });
}

const post = (url: string) => ({ method: 'POST', url: `${url}/x?y`, headers: [['Content-Type', 'text/plain']] as Array<[string, string]>, body: new Uint8Array([104, 105]) });

async function failure(t: Transport, url: string): Promise<TransportError> {
  try {
    await t.send(post(url));
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    return err as TransportError;
  } finally {
    await t.close();
  }
  throw new Error('no error');
}

describe('Transport against broken targets', () => {
  it('refused: nothing listens', async () => {
    const url = await rawServer(() => {});
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    expect((await failure(transport(), url)).kind).toBe('refused');
  });

  it('timeout: the target accepts and never answers', async () => {
    const url = await rawServer(() => {});
    const start = performance.now();
    expect((await failure(transport({ timeoutMs: 300 }), url)).kind).toBe('timeout');
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('timeout: headers arrive, the body drips forever', async () => {
    const url = await rawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab');
      });
    });
    expect((await failure(transport({ timeoutMs: 300 }), url)).kind).toBe('timeout');
  });

  it('reset: the connection closes mid-response', async () => {
    const url = await rawServer((s) => {
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab');
        s.destroy();
      });
    });
    expect(['reset', 'protocol']).toContain((await failure(transport(), url)).kind);
  });

  it('protocol: the target answers garbage', async () => {
    const url = await rawServer((s) => {
      s.once('data', () => s.end('SSH-2.0-OpenSSH_9.0\r\n\r\n'));
    });
    expect((await failure(transport(), url)).kind).toBe('protocol');
  });

  it('a huge body is read up to the cap and marked truncated', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(Buffer.alloc(5 * 1024 * 1024, 0x61));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ close: () => server.close() });
    const t = transport({ maxBodyBytes: 4096 });
    const res = await t.send(post(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    await t.close();
    expect([res.status, res.body.length, res.truncated, res.headers['content-type']]).toEqual([200, 4096, true, 'text/plain']);
  });

  it('sends header bytes above 0x7F as latin1, one byte per character', async () => {
    let seen = '';
    const server = createHttpServer((req, res) => {
      seen = Buffer.from(req.headers['authorization'] ?? '', 'latin1').toString('hex');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ close: () => server.close() });
    const t = transport();
    await t.send({ ...post(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), headers: [['Authorization', 'a\xe2\x80\x9db']] });
    await t.close();
    expect(seen).toBe('61e2809d62');
  });
});

describe('limits', () => {
  it('Semaphore runs at most n tasks at once', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        sem.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it('RateLimiter spaces requests 1/rate apart', async () => {
    const limiter = new RateLimiter(200);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      starts.push(performance.now());
    }
    // 5 requests at 200/s span at least 4 intervals of 5 ms.
    expect(starts[4]! - starts[0]!).toBeGreaterThanOrEqual(19);
  });
});
