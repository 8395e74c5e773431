/**
 * Profile overlays: loading (beside a spec or in a --specs-dir), the merge rules of `patch`,
 * `readings`, and every kind of overlay problem as a located error (file:line:column pointer).
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProfileFiles, findSpecFiles, loadSpecs } from '../../specs/loader.js';
import { applyPatch, profileNames, UnknownProfileError, withProfile } from '../../specs/profile.js';
import { formatProblem, SpecLoadError } from '../../src/config/errors.js';
import type { RuleSet } from '../../src/model/rule.js';

const SB = 'azure-service-bus/send-message';
const NOTES = 'example-notes/create-note';

/** A --specs-dir holding the notes example spec and the given overlay files (path → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-profiles-'));
  cpSync('examples/notes-create-note/create-note.yaml', join(dir, 'create-note.yaml'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SpecLoadError);
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  throw new Error('loaded without an error');
}

const spec = (sets: RuleSet[], id: string): RuleSet => sets.find((s) => s.specId === id)!;

/** The located problems of profile `name` of spec `id`, from an overlay in a --specs-dir. */
function profileProblems(text: string, id = SB, name = 'mine'): string[] {
  const dir = folder({ [`profiles/${name}.yaml`]: text });
  return problemsOf(() => withProfile(spec(loadSpecs([dir], dir), id), name)).map((p) => p.replace(dir, '<dir>'));
}

const HEAD = (id = SB, name = 'mine'): string => `profile: ${name}\nspec: ${id}\ndescription: a test profile\nsource: { facts: PROTOCOL-FACTS §1.6 }\n`;

describe('loading profiles', () => {
  it('finds the shipped overlays beside their specs, and never takes them for specs', () => {
    expect(findProfileFiles().map((f) => f.replace(/.*specs\//, ''))).toEqual([
      'azure-notification-hubs/profiles/live.yaml',
      'azure-service-bus/profiles/live.yaml',
      'yandex-message-queue/profiles/live.yaml',
    ]);
    expect(findSpecFiles().some((f) => f.includes('/profiles/'))).toBe(false);
    for (const set of loadSpecs()) expect(profileNames(set)).toEqual(['seed', 'live']);
  });

  it('builds every shipped live profile; seed is the spec itself', () => {
    for (const set of loadSpecs()) {
      expect(withProfile(set, 'seed')).toBe(set);
      const live = withProfile(set, 'live');
      expect(live.profile).toBe('live');
      expect(live.profileSource?.file).toBe(`specs/${set.specId.split('/')[0]}/profiles/live.yaml`);
      expect(withProfile(set, 'live')).toBe(live);
      expect(withProfile(live, 'seed')).toBe(set);
    }
  });

  it('live Service Bus: SAS, queues and topics, 201, only the live readings accepted', () => {
    const seed = spec(loadSpecs(), SB);
    const live = withProfile(seed, 'live');
    expect(seed.operation.auth.scheme).toBe('wrap');
    expect(live.operation.auth.scheme).toBe('sas');
    expect(live.operation.entity.kinds).toEqual(['queue', 'topic']);
    const rule = (set: RuleSet, slug: string) => set.rules.find((r) => r.slug === slug)!;
    expect(rule(seed, 'success-status').expect).toMatchObject({ outcome: 'accept', status: [200] });
    expect(rule(live, 'success-status').expect).toMatchObject({ outcome: 'accept', status: [201] });
    expect(rule(live, 'success-status').ambiguity!.alternatives.map((a) => [a.id, a.accepted])).toEqual([['live', true], ['seed', false]]);
    expect(rule(seed, 'success-status').ambiguity!.alternatives.map((a) => [a.id, a.accepted])).toEqual([['seed', true], ['live', false]]);
    expect(rule(live, 'wrap-token-accepted').testable).toBe(false);
    expect(rule(live, 'auth-malformed').ambiguity).toBeUndefined();
    expect(rule(live, 'entity-gone').expect).toMatchObject({ outcome: 'reject', outcomes: [{ status: [410] }] });
    expect(live.rules.map((r) => r.slug).filter((s) => !seed.rules.some((r) => r.slug === s))).toEqual(['request-uri-topic', 'entity-gone', 'message-too-large', 'internal-error']);
    expect(live.operation.statuses).toEqual([400, 401, 201, 403, 410, 500]);
  });

  it('a listed reading without an expectation keeps the rule\'s own; the others of the list stay accepted', () => {
    const live = withProfile(spec(loadSpecs(), 'azure-notification-hubs/direct-send'), 'live');
    const flag = live.rules.find((r) => r.slug === 'direct-flag')!;
    expect(flag.ambiguity!.alternatives.map((a) => [a.id, a.accepted])).toEqual([['valued', true], ['bare', true]]);
    const yandex = withProfile(spec(loadSpecs(), 'yandex-message-queue/send-message'), 'live');
    const sig = yandex.rules.find((r) => r.slug === 'auth-bad-signature')!;
    expect(sig.expect).toMatchObject({ outcome: 'reject', outcomes: [{ status: [403], code: 'InvalidClientTokenId' }] });
    expect(sig.ambiguity!.alternatives.map((a) => [a.id, a.accepted])).toEqual([['ydb', true], ['sqs', false]]);
  });

  it('a --specs-dir carries profiles of its own specs', () => {
    const dir = folder({
      'profiles/strict.yaml': `${HEAD(NOTES, 'strict')}patch:\n  defaults: { level: SHOULD }\n`,
    });
    const notes = spec(loadSpecs([dir], dir), NOTES);
    expect(profileNames(notes)).toEqual(['seed', 'strict']);
    const strict = withProfile(notes, 'strict');
    expect(strict.rules.length).toBe(notes.rules.length);
    expect(new Set(strict.rules.filter((r) => notes.rules.find((n) => n.id === r.id)!.level === 'MUST').map((r) => r.level))).toEqual(new Set(['SHOULD', 'MUST']));
  });

  it('a profile the spec lacks is an UnknownProfileError naming the ones it has', () => {
    expect(() => withProfile(spec(loadSpecs(), SB), 'staging')).toThrow(new UnknownProfileError(SB, 'staging', ['seed', 'live']));
  });
});

describe('merge rules of patch', () => {
  const doc = {
    a: { keep: 1, change: 2, drop: 3 },
    headers: [
      { name: 'X-One', v: 1 },
      { name: 'X-Two', v: 2 },
    ],
    statuses: [{ status: 200 }, { status: 409 }],
    kinds: ['topic'],
    mixed: ['s', { value: 'o' }],
  };

  it('merges maps by key and removes a key given null', () => {
    expect(applyPatch(doc, { a: { change: 20, drop: null, add: 4 } }).doc).toMatchObject({ a: { keep: 1, change: 20, add: 4 } });
    expect((applyPatch(doc, { a: { drop: null } }).doc as { a: object }).a).not.toHaveProperty('drop');
  });

  it('merges lists of named items by their key, appends new ones, $delete removes', () => {
    const r = applyPatch(doc, { headers: [{ name: 'X-Two', v: 22 }, { name: 'X-Three', v: 3 }, { name: 'X-One', $delete: true }], statuses: [{ status: 409, $delete: true }, { status: 201 }] });
    expect(r.doc).toMatchObject({ headers: [{ name: 'X-Two', v: 22 }, { name: 'X-Three', v: 3 }], statuses: [{ status: 200 }, { status: 201 }] });
    expect(r.problems).toEqual([]);
  });

  it('replaces scalars, lists of scalars and lists without a shared identity key', () => {
    expect(applyPatch(doc, { kinds: ['queue', 'topic'], mixed: ['t'] }).doc).toMatchObject({ kinds: ['queue', 'topic'], mixed: ['t'] });
  });

  it('leaves its inputs alone', () => {
    const before = JSON.stringify(doc);
    applyPatch(doc, { a: { keep: null }, headers: [{ name: 'X-One', $delete: true }] });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('a null or $delete that removes nothing is a problem at its place in the patch', () => {
    expect(applyPatch(doc, { a: { none: null }, headers: [{ name: 'X-Nine', $delete: true }] }).problems).toEqual([
      { pointer: '/patch/a/none', message: 'null removes "none", which the spec does not have at /a', atKey: true },
      { pointer: '/patch/headers/0/name', message: '$delete: the spec has no item with name "X-Nine" at /headers' },
    ]);
  });
});

describe('overlay problems are located errors', () => {
  it('an unknown rule slug', () => {
    expect(profileProblems(`${HEAD()}readings:\n  success-stat: [live]\n`)).toEqual(['profiles/mine.yaml:6:3 /readings/success-stat: spec azure-service-bus/send-message has no rule with slug "success-stat"']);
  });

  it('an unknown reading id', () => {
    expect(profileProblems(`${HEAD()}readings:\n  success-status: [seed, lve]\n`)).toEqual(['profiles/mine.yaml:6:26 /readings/success-status/1: rule azure-service-bus/send-message/success-status has no reading "lve"; its readings: seed, live']);
  });

  it('a rule with no ambiguity', () => {
    expect(profileProblems(`${HEAD()}readings:\n  auth-empty: [seed]\n`)).toEqual(['profiles/mine.yaml:6:3 /readings/auth-empty: rule azure-service-bus/send-message/auth-empty records no ambiguity, so it has no readings to choose']);
  });

  it('an unknown spec', () => {
    const dir = folder({ 'profiles/mine.yaml': HEAD('azure-service-bus/send-mesage') });
    expect(problemsOf(() => loadSpecs([dir], dir)).map((p) => p.replace(dir, '<dir>'))).toEqual([
      `profiles/mine.yaml:2:7 /spec: no spec with id "azure-service-bus/send-mesage"; known: azure-notification-hubs/direct-send, azure-service-bus/send-message, yandex-message-queue/send-message, ${NOTES}`,
    ]);
  });

  it('an overlay that breaks profile.schema.json', () => {
    const dir = folder({ 'profiles/mine.yaml': `${HEAD()}reading: {}\n` });
    expect(problemsOf(() => loadSpecs([dir], dir)).map((p) => p.replace(dir, '<dir>'))).toEqual(['profiles/mine.yaml:5:1 /reading: unknown key "reading"']);
  });

  it('a file named otherwise than its profile, and a second overlay of one profile', () => {
    const misnamed = folder({ 'profiles/other.yaml': HEAD() });
    expect(problemsOf(() => loadSpecs([misnamed], misnamed)).map((p) => p.replace(misnamed, '<dir>'))).toEqual([
      'profiles/other.yaml:1:10 /profile: the profile is named "mine", but its file is other.yaml; name the file after the profile',
    ]);
    const twice = folder({ 'profiles/live.yaml': HEAD(SB, 'live') });
    expect(problemsOf(() => loadSpecs([twice], twice)).map((p) => p.replace(twice, '<dir>'))).toEqual([
      `profiles/live.yaml:1:10 /profile: spec azure-service-bus/send-message already has a profile "live" in ${relative(twice, resolve('specs/azure-service-bus/profiles/live.yaml'))}`,
    ]);
  });

  it('a patch that breaks spec.schema.json, located in the overlay', () => {
    expect(profileProblems(`${HEAD()}patch:\n  defaults:\n    accept: ["201"]\n`)).toEqual([
      'profiles/mine.yaml:7:14 /patch/defaults/accept/0: must be integer, got string "201" (the spec patched by profile mine, at /defaults/accept/0)',
    ]);
    expect(profileProblems(`${HEAD()}patch:\n  auth: { scheme: sas, tokn: x }\n`)).toEqual([
      'profiles/mine.yaml:6:24 /patch/auth/tokn: unknown key "tokn" (the spec patched by profile mine, at /auth/tokn)',
    ]);
  });

  it('a patched spec that does not compile, located in the overlay', () => {
    expect(profileProblems(`${HEAD()}patch:\n  rules:\n    - slug: success-status\n      requires: { tier: premium }\n`)).toEqual([
      'profiles/mine.yaml:8:19 /patch/rules/0/requires/tier: the rule requires target option "tier", which /transport/targetOptions does not declare (the spec patched by profile mine, at /rules/21/requires/tier)',
    ]);
  });

  it('a $delete of an item the spec lacks', () => {
    expect(profileProblems(`${HEAD()}patch:\n  responses:\n    statuses:\n      - { status: 418, $delete: true }\n`)).toEqual([
      'profiles/mine.yaml:8:19 /patch/responses/statuses/0/status: $delete: the spec has no item with status 418 at /responses/statuses',
    ]);
  });

  it('the seed name is reserved', () => {
    const dir = folder({ 'profiles/seed.yaml': HEAD(SB, 'seed') });
    expect(problemsOf(() => loadSpecs([dir], dir)).map((p) => p.replace(dir, '<dir>'))).toEqual(['profiles/seed.yaml:1:10 /profile: must NOT be valid, got "seed"']);
  });
});
