/** The reference server inside a worker thread: its own event loop, so it competes with nobody. */
import { parentPort, workerData } from 'node:worker_threads';
import { startReference } from './server.js';
import type { RefConfig } from './types.js';

type Data = Omit<RefConfig, 'now'> & { port: number; host: string };

const data = workerData as Data;
const cfg: RefConfig = { ...data, now: () => new Date() };
const ref = await startReference(cfg, data.port, data.host);
parentPort!.postMessage({ url: ref.url });
parentPort!.on('message', (m: { type: string; queues?: string[] }) => {
  if (m.type === 'queues') {
    cfg.yandex.queues = m.queues ?? [];
    parentPort!.postMessage({ type: 'queues-set' });
  }
  if (m.type === 'close') {
    void ref.close().then(() => parentPort!.postMessage({ type: 'closed' }));
  }
});
