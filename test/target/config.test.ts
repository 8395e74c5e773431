import { describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../src/config/errors.js';
import { loadSpecs } from '../../specs/loader.js';
import { genContextFor } from '../../src/runner/context.js';
import { loadTargetText } from '../../src/target/config.js';

const KNOWN = ['azure-service-bus/send-message', 'yandex-message-queue/send-message', 'azure-notification-hubs/direct-send'];
const ENV = { YMQ_KEY_ID: 'AKIDEXAMPLE', YMQ_SECRET: 's3cr3t-value', NH_KEY: 'nh-key' };

const VALID = `specs:
  yandex-message-queue/send-message:
    baseUrl: https://message-queue.api.cloud.yandex.net
    entities:
      standard-queue: https://message-queue.api.cloud.yandex.net/b1g/dj6/q
    credentials:
      scheme: sigv4
      accessKeyId: { env: YMQ_KEY_ID }
      secretAccessKey: { env: YMQ_SECRET }
      region: ru-central1
  azure-notification-hubs/direct-send:
    baseUrl: https://ns.servicebus.windows.net
    entities: { hub: myhub }
    credentials: { scheme: sas, keyName: DefaultFullSharedAccessSignature, key: { env: NH_KEY } }
    deviceHandles: { apple: "0f0f" }
    options: { tier: standard }
run: { runs: 10, rate: 20, budgetSeconds: 300 }
`;

function problems(text: string, env: Record<string, string> = ENV): string[] {
  try {
    loadTargetText(text, 'target.yaml', env, KNOWN);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecLoadError);
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  throw new Error('loaded');
}

/** The problems of a config checked against the loaded specs (their entity kinds and target options). */
function problemsAgainstSpecs(text: string): string[] {
  try {
    loadTargetText(text, 'target.yaml', ENV, loadSpecs());
  } catch (err) {
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  throw new Error('loaded');
}

describe('target config', () => {
  it('loads entities, options and run defaults, resolving secrets from the environment', () => {
    const c = loadTargetText(VALID, 'target.yaml', ENV, KNOWN);
    expect(c.specs['yandex-message-queue/send-message']).toEqual({
      target: { baseUrl: 'https://message-queue.api.cloud.yandex.net', entities: { 'standard-queue': 'https://message-queue.api.cloud.yandex.net/b1g/dj6/q' } },
      credentials: { scheme: 'sigv4', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's3cr3t-value', region: 'ru-central1', service: 'sqs' },
      deviceHandles: {},
      options: {},
    });
    expect(c.specs['azure-notification-hubs/direct-send']!.options).toEqual({ tier: 'standard' });
    expect(c.run).toEqual({ runs: 10, rate: 20, budgetSeconds: 300 });
  });

  it('refuses an inline secret, naming the line', () => {
    expect(problems(VALID.replace('key: { env: NH_KEY }', 'key: plain-text-key'))).toEqual([
      'target.yaml:14:81 /specs/azure-notification-hubs~1direct-send/credentials/key: must name an environment variable (a string was given; it is not shown): secrets are read from the environment: write { env: NAME } and export NAME',
    ]);
  });

  it('secrets in config errors: an inline secret is never printed in the schema error', () => {
    for (const inline of ['plain-text-key', '12345', '[plain-text-key]', '{ value: plain-text-key }', '{ env: X, value: plain-text-key }']) {
      const p = problems(VALID.replace('key: { env: NH_KEY }', `key: ${inline}`));
      expect(p.length).toBeGreaterThan(0);
      for (const line of p) {
        expect(line).toMatch(/^target\.yaml:14:\d+ \/specs\/azure-notification-hubs~1direct-send\/credentials\/key: /);
        expect(line).not.toContain('plain-text-key');
        expect(line).not.toContain('12345');
      }
    }
  });

  it('secrets in config errors: a secret typed where the variable name goes is never printed', () => {
    const notAName = problems(VALID.replace('key: { env: NH_KEY }', 'key: { env: "SharedAccessSignature sr=x&sig=planted" }'));
    expect(notAName).toEqual([
      'target.yaml:14:88 /specs/azure-notification-hubs~1direct-send/credentials/key/env: must be the name of an environment variable (letters, digits and _, not starting with a digit); what is written is not shown, as it may be the secret itself (secrets are read from the environment: write { env: NAME } and export NAME)',
    ]);
    const unset = problems(VALID.replace('key: { env: NH_KEY }', 'key: { env: plantedS3cretValue42 }'));
    expect(unset).toEqual([
      'target.yaml:14:88 /specs/azure-notification-hubs~1direct-send/credentials/key/env: the environment variable named here is not set (its name is not shown: it does not look like one, and may be the secret itself; secrets are read from the environment: write { env: NAME } and export NAME)',
    ]);
    const accessKeyId = problems(VALID.replace('accessKeyId: { env: YMQ_KEY_ID }', 'accessKeyId: { env: AKIAIOSFODNN7EXAMPLE }'));
    expect(accessKeyId.join('\n')).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(accessKeyId.join('\n')).toContain('/credentials/accessKeyId/env: the environment variable named here is not set');
  });

  it('secrets in config errors: credentials given as a string are described by type only', () => {
    const p = problems(VALID.replace('credentials: { scheme: sas, keyName: DefaultFullSharedAccessSignature, key: { env: NH_KEY } }', 'credentials: planted-secret-string'));
    expect(p).toEqual(['target.yaml:14:18 /specs/azure-notification-hubs~1direct-send/credentials: must be object, got a string (not shown)']);
  });

  it('a WRAP target config with both token and issuerKey exits 2 with a message that says what is wrong', () => {
    const text = 'specs:\n  azure-service-bus/send-message:\n    baseUrl: http://127.0.0.1:1\n    entities: { topic: t }\n    credentials: { scheme: wrap, issuer: me, issuerKey: { env: K }, token: { env: T } }\n';
    expect(problems(text, { K: 'k', T: 't' })).toEqual([
      'target.yaml:5:18 /specs/azure-service-bus~1send-message/credentials: wrap credentials take one of: issuer and issuerKey; or token — these give issuer and issuerKey and also token; keep one',
    ]);
  });

  it('names a missing environment variable and where it is referenced, without any value', () => {
    const p = problems(VALID, { YMQ_KEY_ID: 'x', NH_KEY: 'y' });
    expect(p).toEqual(['target.yaml:9:31 /specs/yandex-message-queue~1send-message/credentials/secretAccessKey/env: environment variable YMQ_SECRET is not set']);
  });

  it('names an unknown spec id and a base URL with a path', () => {
    const text = VALID.replace('yandex-message-queue/send-message:', 'yandex-message-queue/receive-message:').replace('baseUrl: https://ns.servicebus.windows.net', 'baseUrl: https://ns.servicebus.windows.net/myhub');
    expect(problems(text)).toEqual([
      'target.yaml:12:14 /specs/azure-notification-hubs~1direct-send/baseUrl: "https://ns.servicebus.windows.net/myhub" does not match ^https?://[^/?#]+$',
    ]);
    expect(problems(VALID.replace('yandex-message-queue/send-message:', 'yandex-message-queue/receive-message:'))).toEqual([
      'target.yaml:2:3 /specs/yandex-message-queue~1receive-message: no spec with id "yandex-message-queue/receive-message"; known: azure-service-bus/send-message, yandex-message-queue/send-message, azure-notification-hubs/direct-send',
    ]);
  });

  it('checks entities against the kinds the spec declares: an unknown kind, and a FIFO queue URL that is not one', () => {
    const text = VALID.replace('      standard-queue: https://message-queue.api.cloud.yandex.net/b1g/dj6/q', '      fifo-queue: https://message-queue.api.cloud.yandex.net/b1g/dj6/q\n      topic2: x');
    expect(problemsAgainstSpecs(text)).toEqual([
      'target.yaml:5:19 /specs/yandex-message-queue~1send-message/entities/fifo-queue: "https://message-queue.api.cloud.yandex.net/b1g/dj6/q" does not match ^https?://.*\\.fifo$ (the queue URL of a FIFO queue (its name ends in .fifo))',
      'target.yaml:6:7 /specs/yandex-message-queue~1send-message/entities/topic2: the spec declares no queue kind "topic2"; known: standard-queue, fifo-queue',
    ]);
  });

  it('checks options against the target options the spec declares: an unknown one, and a value it does not take', () => {
    const text = VALID.replace('    options: { tier: standard }', '    options: { tier: premium, region: eu }');
    expect(problemsAgainstSpecs(text)).toEqual([
      'target.yaml:16:22 /specs/azure-notification-hubs~1direct-send/options/tier: tier takes standard, basic, free (the hub\'s pricing tier; Location is documented for Standard tier hubs only), not "premium"',
      'target.yaml:16:31 /specs/azure-notification-hubs~1direct-send/options/region: the spec declares no target option "region"; known: tier',
    ]);
  });

  it("sets a spec's timings within its bounds, and refuses an undeclared timing or one out of bounds", () => {
    const ok = loadTargetText(VALID.replace('    options: { tier: standard }', '    options: { tier: standard }\n    timing: { telemetry: 60 }'), 'target.yaml', ENV, loadSpecs());
    expect(ok.specs['azure-notification-hubs/direct-send']!.timings).toEqual({ telemetry: 60 });
    expect(ok.specs['yandex-message-queue/send-message']!.timings).toBeUndefined();
    const text = VALID.replace('    options: { tier: standard }', '    options: { tier: standard }\n    timing: { telemetry: 3000, delay: 2 }');
    expect(problemsAgainstSpecs(text)).toEqual([
      'target.yaml:17:26 /specs/azure-notification-hubs~1direct-send/timing/telemetry: telemetry must be from 1 to 1800 seconds (how long a telemetry rule asks again while Get Notification Message Telemetry answers 404 (the page allows up to 30 minutes)), got 3000',
      'target.yaml:17:32 /specs/azure-notification-hubs~1direct-send/timing/delay: the spec has no timing "delay"; it has telemetry',
    ]);
  });

  it('a rule that requires a target option is SKIPped, with the reason, by a target without it', () => {
    const set = loadSpecs().find((s) => s.specId === 'azure-notification-hubs/direct-send')!;
    const rule = set.rules.find((r) => r.slug === 'response-header-location')!;
    expect(rule.requires).toEqual({ tier: 'standard' });
    const c = loadTargetText(VALID.replace('    options: { tier: standard }', '    options: { tier: basic }'), 'target.yaml', ENV, KNOWN);
    expect(genContextFor(rule, set.operation, c.specs['azure-notification-hubs/direct-send']!)).toBe(
      "needs a target whose tier is standard (the hub's pricing tier; Location is documented for Standard tier hubs only): options.tier: standard in the target config",
    );
  });

  it('takes the base URL from the environment, naming the variable when it is unset or not a base URL', () => {
    const text = VALID.replace('    baseUrl: https://message-queue.api.cloud.yandex.net\n', '    baseUrl: { env: YMQ_BASE_URL }\n');
    const c = loadTargetText(text, 'target.yaml', { ...ENV, YMQ_BASE_URL: 'http://127.0.0.1:9324' }, KNOWN);
    expect(c.specs['yandex-message-queue/send-message']!.target.baseUrl).toBe('http://127.0.0.1:9324');
    expect(problems(text)).toEqual(['target.yaml:3:21 /specs/yandex-message-queue~1send-message/baseUrl/env: environment variable YMQ_BASE_URL is not set']);
    expect(problems(text, { ...ENV, YMQ_BASE_URL: 'http://127.0.0.1:9324/path' })).toEqual([
      'target.yaml:3:21 /specs/yandex-message-queue~1send-message/baseUrl/env: environment variable YMQ_BASE_URL is "http://127.0.0.1:9324/path", not a base URL (scheme and host, no path: ^https?://[^/?#]+$)',
    ]);
  });

  it('checks each spec\'s credentials against the scheme the spec is signed with, naming the known schemes', () => {
    const signedWith = (scheme: string) => ({ specId: 'azure-notification-hubs/direct-send', operation: { auth: { scheme } } });
    const only = VALID.replace(/ {2}yandex-message-queue[\s\S]*?(?= {2}azure-notification-hubs)/, '');
    expect(() => loadTargetText(only, 'target.yaml', ENV, [signedWith('sas')])).not.toThrow();
    const mismatch = (() => {
      try {
        loadTargetText(only, 'target.yaml', ENV, [signedWith('wrap')]);
      } catch (err) {
        return (err as SpecLoadError).problems.map(formatProblem);
      }
    })();
    expect(mismatch).toEqual(['target.yaml:5:28 /specs/azure-notification-hubs~1direct-send/credentials/scheme: the spec is signed with "wrap", but these credentials are for "sas"']);
    expect(problems(VALID.replace('scheme: sas,', 'scheme: saas,'))).toEqual([
      'target.yaml:14:28 /specs/azure-notification-hubs~1direct-send/credentials/scheme: unknown auth scheme "saas"; known: api-key, bearer, none, sas, sigv4, wrap',
    ]);
  });

  it('reports a credentials problem together with the other schema problems', () => {
    const text = VALID.replace('baseUrl: https://ns.servicebus.windows.net', 'baseUrl: https://ns.servicebus.windows.net/myhub').replace('keyName: DefaultFullSharedAccessSignature, ', '');
    expect(problems(text)).toEqual([
      'target.yaml:12:14 /specs/azure-notification-hubs~1direct-send/baseUrl: "https://ns.servicebus.windows.net/myhub" does not match ^https?://[^/?#]+$',
      'target.yaml:14:18 /specs/azure-notification-hubs~1direct-send/credentials: missing required key "keyName"',
    ]);
  });
});
