/**
 * Target configs: YAML checked against target.schema.json, problems located by line and pointer,
 * secrets resolved from the environment at load (a missing variable is a config error naming it).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecLoadError, type SpecProblem } from '../config/errors.js';
import { createAjv, parseYaml, schemaProblems } from '../config/yaml.js';
import type { TargetContext } from '../model/request.js';
import type { Credentials } from '../sign/index.js';

type Secret = { env: string };

interface TargetDoc {
  specs: Record<
    string,
    {
      baseUrl: string;
      entities: Record<string, string>;
      credentials:
        | { scheme: 'wrap'; issuer: string; issuerKey: Secret }
        | { scheme: 'wrap'; token: Secret }
        | { scheme: 'sas'; keyName: string; key: Secret }
        | { scheme: 'sigv4'; accessKeyId: Secret; secretAccessKey: Secret; region: string; service?: string };
      deviceHandles?: Record<string, string>;
      options?: { tier?: 'standard' | 'basic' | 'free' };
    }
  >;
  run?: RunDefaults;
}

export interface RunDefaults {
  runs?: number;
  seed?: number;
  timeoutMs?: number;
  budgetSeconds?: number;
  concurrency?: number;
  rate?: number;
  maxBodyBytes?: number;
}

/** Everything the runner needs to reach one spec's target. Holds secrets: never serialise into a report. */
export interface ResolvedTarget {
  target: TargetContext;
  credentials: Credentials;
  deviceHandles: Record<string, string>;
  options: { tier?: 'standard' | 'basic' | 'free' };
}

export interface TargetConfig {
  file: string;
  specs: Record<string, ResolvedTarget>;
  run: RunDefaults;
}

const SCHEMA = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'target.schema.json'), 'utf8')) as object;
const validate = createAjv().compile<TargetDoc>(SCHEMA);

export function loadTargetText(text: string, file: string, env: Record<string, string | undefined> = process.env, knownSpecs?: string[]): TargetConfig {
  const { data, locator } = parseYaml(text, file);
  const problems: SpecProblem[] = [];
  const at = (pointer: string, message: string, key = false): void => {
    problems.push({ file, ...locator.position(pointer, key), pointer, message });
  };
  if (!validate(data)) {
    for (const p of schemaProblems(validate.errors ?? [])) at(p.pointer, p.message, p.atKey);
    throw new SpecLoadError(problems);
  }
  const specs: Record<string, ResolvedTarget> = {};
  for (const [id, t] of Object.entries(data.specs)) {
    const base = `/specs/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (knownSpecs && !knownSpecs.includes(id)) at(base, `no spec with id "${id}"; known: ${knownSpecs.join(', ')}`, true);
    const secret = (s: Secret, field: string): string => {
      const value = env[s.env];
      if (value === undefined || value === '') at(`${base}/credentials/${field}/env`, `environment variable ${s.env} is not set`);
      return value ?? '';
    };
    const c = t.credentials;
    let credentials: Credentials;
    if (c.scheme === 'sas') credentials = { scheme: 'sas', keyName: c.keyName, key: secret(c.key, 'key') };
    else if (c.scheme === 'sigv4') {
      credentials = {
        scheme: 'sigv4',
        accessKeyId: secret(c.accessKeyId, 'accessKeyId'),
        secretAccessKey: secret(c.secretAccessKey, 'secretAccessKey'),
        region: c.region,
        service: c.service ?? 'sqs',
      };
    } else if ('token' in c) credentials = { scheme: 'wrap', token: secret(c.token, 'token') };
    else credentials = { scheme: 'wrap', issuer: c.issuer, issuerKey: secret(c.issuerKey, 'issuerKey') };
    specs[id] = {
      target: { baseUrl: t.baseUrl, entities: { ...t.entities } },
      credentials,
      deviceHandles: { ...(t.deviceHandles ?? {}) },
      options: { ...(t.options ?? {}) },
    };
  }
  if (problems.length) throw new SpecLoadError(problems);
  return { file, specs, run: data.run ?? {} };
}

export function loadTargetFile(path: string, env: Record<string, string | undefined> = process.env, knownSpecs?: string[]): TargetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecLoadError([{ file: path, line: 1, column: 1, pointer: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  return loadTargetText(text, path, env, knownSpecs);
}
