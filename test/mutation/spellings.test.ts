/**
 * The equivalent-spelling rules, exactly: each passes on the reference, and the mutant that
 * refuses its one spelling fails that rule alone — on the case that sends the spelling — while
 * every other rule of the spec still passes (no other rule sends that spelling).
 */
import { describe, expect, it } from 'vitest';
import type { VerdictRecord } from '../../src/runner/verdict.js';
import { runEmbedded } from './harness.js';

/** The whole spec at seed 1, with the spec's own timings, on a virtual clock (see runEmbedded). */
const run = (specId: string, mutant?: string): Promise<VerdictRecord[]> => runEmbedded(specId, 1, mutant ? { mutant } : {}, { timings: 'spec' });

/** Each spelling rule: its verdict against its mutant, and the label of the first case that sends the refused spelling. */
const CASES: Array<[string, 'FAIL' | 'WARN', string]> = [
  ['yandex-message-queue/send-message/header-name-case', 'FAIL', 'valid, header-names=lower'],
  ['yandex-message-queue/send-message/content-type-case', 'WARN', 'valid, content-type=APPLICATION/X-WWW-FORM-URLENCODED'],
  ['yandex-message-queue/send-message/content-type-charset-spelling', 'WARN', 'valid, content-type=application/x-www-form-urlencoded; charset=UTF-8'],
  ['yandex-message-queue/send-message/content-type-parameter-spacing', 'WARN', 'valid, content-type=application/x-www-form-urlencoded;charset=utf-8'],
  ['yandex-message-queue/send-message/form-space-encoding', 'FAIL', 'valid, form-space=percent'],
  ['yandex-message-queue/send-message/form-hex-case', 'FAIL', 'valid, form-hex=lower'],
  ['yandex-message-queue/send-message/form-field-order', 'WARN', 'valid, form-order=sorted'],
  ['azure-service-bus/send-message/header-name-case', 'FAIL', 'valid, header-names=lower'],
  ['azure-service-bus/send-message/content-type-case', 'WARN', 'valid, content-type=APPLICATION/ATOM+XML;type=entry;charset=utf-8'],
  ['azure-service-bus/send-message/content-type-charset-spelling', 'WARN', 'valid, content-type=application/atom+xml;type=entry;charset=UTF-8'],
  ['azure-service-bus/send-message/content-type-parameter-spacing', 'WARN', 'valid, content-type=application/atom+xml; type=entry; charset=utf-8'],
  ['azure-service-bus/send-message/content-type-parameter-order', 'WARN', 'valid, content-type=application/atom+xml;charset=utf-8;type=entry'],
  ['azure-notification-hubs/direct-send/header-name-case', 'FAIL', 'valid, header-names=lower'],
  ['azure-notification-hubs/direct-send/sas-accepted', 'FAIL', 'valid, sr-hex=upper'],
  ['azure-notification-hubs/direct-send/sas-token-forms', 'WARN', 'valid, field-order=sig-first'],
];

const specOf = (ruleId: string): string => ruleId.split('/').slice(0, 2).join('/');

describe('equivalent-spelling rules', () => {
  for (const specId of [...new Set(CASES.map(([id]) => specOf(id)))]) {
    it(`${specId}: every spelling rule passes on the pristine reference`, async () => {
      const records = await run(specId);
      const ids = CASES.filter(([id]) => specOf(id) === specId).map(([id]) => id);
      const verdicts = records.filter((r) => ids.includes(r.ruleId)).map((r) => `${r.ruleId} ${r.verdict}`);
      expect(verdicts.sort()).toEqual(ids.map((id) => `${id} PASS`).sort());
    });
  }

  it.each(CASES)('%s: its mutant fails it alone (%s), on the case "%s"', async (ruleId, verdict, label) => {
    const records = await run(specOf(ruleId), ruleId);
    const failing = records.filter((r) => r.verdict === 'FAIL' || r.verdict === 'WARN' || r.verdict === 'ERROR');
    expect(failing.map((r) => [r.ruleId, r.verdict])).toEqual([[ruleId, verdict]]);
    const own = failing[0]!;
    expect([own.failures?.[0]?.caseLabel ?? own.failure?.caseLabel, own.failure?.check, own.failure?.expected]).toEqual([label, 'status', own.ruleId.includes('notification-hubs') ? 'status 201' : 'status 200']);
  });
});
