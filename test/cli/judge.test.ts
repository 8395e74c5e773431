import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { EXIT } from '../../cli/exit-codes.js';

const REQUESTS = join(import.meta.dirname, '../fixtures/requests');
const SAMPLE = join(REQUESTS, 'ymq-sample.http');
const FIFO = join(REQUESTS, 'ymq-delay.json');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('ruleprobe judge', () => {
  it('judges a raw HTTP/1.1 request file: the seed sample request is valid (exit 0)', async () => {
    const r = await run('judge', '--spec', 'yandex-message-queue/send-message', SAMPLE);
    expect(r).toEqual({
      code: EXIT.OK,
      err: '',
      out: `${SAMPLE}\nyandex-message-queue/send-message, standard-queue: valid\n  auth (sigv4) met: an AWS4-HMAC-SHA256 signature for ru-central1/sqs, signing content-type;host;x-amz-date\n  12 met, 0 violated, 31 not applicable\n`,
    });
  });

  it('judges a JSON request file: a FIFO send without a deduplication id is not valid under --option contentBasedDeduplication=off (exit 1), naming the reading that would allow it; valid when the option is not given', async () => {
    const r = await run('judge', '--spec', 'yandex-message-queue/send-message', '--option', 'contentBasedDeduplication=off', SAMPLE, FIFO);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.out.split('\n\n')[1]).toBe(
      `${FIFO}\nyandex-message-queue/send-message, fifo-queue (contentBasedDeduplication: off): NOT valid\n` +
        '  VIOLATED MUST yandex-message-queue/send-message/message-deduplication-id-required: MessageDeduplicationId is absent (valid under the reading(s) seed-table, not accepted by default)\n' +
        '  auth (sigv4) met: an AWS4-HMAC-SHA256 signature for ru-central1/sqs, signing host;x-amz-date\n  14 met, 1 violated, 28 not applicable\n',
    );
    const unknown = await run('judge', '--spec', 'yandex-message-queue/send-message', FIFO);
    expect(unknown).toEqual({
      code: EXIT.OK,
      err: '',
      out: `${FIFO}\nyandex-message-queue/send-message, fifo-queue: valid\n  auth (sigv4) met: an AWS4-HMAC-SHA256 signature for ru-central1/sqs, signing host;x-amz-date\n  14 met, 0 violated, 29 not applicable\n`,
    });
    expect(await run('judge', '--spec', 'yandex-message-queue/send-message', '--option', 'contentBasedDeduplication=maybe', FIFO)).toEqual({ code: EXIT.USAGE, out: '', err: 'ruleprobe: target option contentBasedDeduplication takes off or on, not "maybe"\n' });
    expect(await run('judge', '--spec', 'yandex-message-queue/send-message', '--option', 'tier=standard', FIFO)).toEqual({
      code: EXIT.USAGE,
      out: '',
      err: 'ruleprobe: unknown target option "tier" for yandex-message-queue/send-message; known: contentBasedDeduplication\n',
    });
  });

  it('--entity overrides the entity kind read from the request; --format json prints the judgements', async () => {
    const r = await run('judge', '--spec', 'yandex-message-queue/send-message', '--entity', 'standard-queue', '--format', 'json', FIFO);
    expect(r.code).toBe(EXIT.FAILED);
    const doc = JSON.parse(r.out) as { version: number; judgements: Array<{ file: string; entity: string; valid: boolean; rules: Array<{ ruleId: string; verdict: string }> }> };
    expect(doc.version).toBe(1);
    expect(doc.judgements.map((j) => [j.file, j.entity, j.valid])).toEqual([[FIFO, 'standard-queue', false]]);
    expect(doc.judgements[0]!.rules.filter((x) => x.verdict === 'violated').map((x) => x.ruleId)).toEqual(['yandex-message-queue/send-message/delay-seconds-range']);
  });

  it('--profile live judges by the spec under the live profile and names it; an unknown profile is a usage error', async () => {
    const nh = join(REQUESTS, 'nh-sdk-apple.http');
    const seed = await run('judge', '--spec', 'azure-notification-hubs/direct-send', nh);
    expect(seed.code).toBe(EXIT.FAILED);
    expect(seed.out).toContain('  VIOLATED MUST azure-notification-hubs/direct-send/x-ms-version-value: x-ms-version is "2020-06", not 2015-04 or 2015-01\n');
    const live = await run('judge', '--spec', 'azure-notification-hubs/direct-send', '--profile', 'live', nh);
    expect(live.code).toBe(EXIT.OK);
    expect(live.out.split('\n').slice(1, 2)).toEqual(['azure-notification-hubs/direct-send (profile live), hub: valid']);
    const unknown = await run('judge', '--spec', 'azure-notification-hubs/direct-send', '--profile', 'staging', nh);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err).toContain('spec azure-notification-hubs/direct-send has no profile "staging"');
  });

  it('a file that is no request, an unknown entity kind and a missing file are usage errors (exit 2)', async () => {
    const notHttp = await run('judge', '--spec', 'yandex-message-queue/send-message', join(REQUESTS, '../specs/valid/json-notes.yaml'));
    expect(notHttp.code).toBe(EXIT.USAGE);
    expect(notHttp.err).toMatch(/^ruleprobe: .*json-notes\.yaml:1: not an HTTP\/1\.1 request line \("METHOD \/path HTTP\/1\.1"\): "# /);
    const entity = await run('judge', '--spec', 'yandex-message-queue/send-message', '--entity', 'topic', SAMPLE);
    expect(entity).toMatchObject({ code: EXIT.USAGE, err: 'ruleprobe: unknown entity kind "topic" for yandex-message-queue/send-message; known: standard-queue, fifo-queue\n' });
    const missing = await run('judge', '--spec', 'yandex-message-queue/send-message', join(REQUESTS, 'none.http'));
    expect(missing.code).toBe(EXIT.USAGE);
    expect(missing.err).toMatch(/^ruleprobe: cannot read .*none\.http: ENOENT/);
  });
});
