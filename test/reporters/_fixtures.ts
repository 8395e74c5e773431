/** Reports for the reporter tests: the recorded mixed run, and variants built from it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatedRecord, Report } from '../../src/report/model.js';
import { fingerprintOf } from '../../src/runner/verdict.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/reports/mixed.json');

/**
 * Nine rules of two specs, recorded from real runs: PASS, FAIL with request and response, WARN (a
 * SHOULD rule), SKIP, ERROR (no exchange) and UNTESTABLE. The report lists the yandex spec first,
 * though the azure rules ran (and are recorded) first.
 */
export function mixed(): Report {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Report;
}

export function record(report: Report, slug: string): GatedRecord {
  const r = report.records.find((x) => x.ruleId.endsWith(`/${slug}`));
  if (!r) throw new Error(`no record ${slug} in the fixture`);
  return r;
}

/**
 * The mixed run under a gate: one failure fails the run (a second distinct failure of its rule is
 * listed, and three more were counted), one is a known failure, the warning is in the baseline
 * (and came from a random case, so it has a seed and path), one shard of three.
 */
export function gated(): Report {
  const report = mixed();
  report.shard = { index: 1, count: 3 };
  const failing = record(report, 'delay-seconds-range');
  failing.gate = 'failing';
  const first = failing.failure!;
  const second = {
    ...first,
    caseLabel: 'DelaySeconds = -1 (min − 1)',
    check: 'error-code',
    message: 'a request the document forbids was rejected in an undocumented way',
    actual: 'status 400 InvalidAction',
    request: { ...first.request, body: first.request.body.replace('DelaySeconds=901', 'DelaySeconds=-1'), bodyBytes: first.request.bodyBytes - 2 },
    response: { ...first.response!, status: 400, headers: { ...first.response!.headers, 'content-length': '71' }, body: '<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>', bodyBytes: 71 },
    case: { ...first.case, label: 'DelaySeconds = -1 (min − 1)' },
  };
  failing.failures = [
    { ...first, fingerprint: fingerprintOf(failing.ruleId, first) },
    { ...second, fingerprint: fingerprintOf(failing.ruleId, second) },
  ];
  failing.failure = failing.failures[0];
  Object.assign(failing, { moreFailures: 3, moreFingerprints: ['0123456789ab', '123456789abc', '23456789abcd'] });
  Object.assign(record(report, 'auth-expired'), {
    gate: 'expected',
    knownFailure: { reason: 'the staging hub accepts expired tokens until its clock fix ships', expires: '2026-06-30', link: 'https://tracker.invalid/RP-12' },
  });
  const warn = record(report, 'direct-flag');
  warn.gate = 'still-failing';
  Object.assign(warn.failure!, { origin: 'random', caseLabel: 'random valid request #3', seed: 7, path: '0:1' });
  report.gating = {
    failOn: 'must',
    stale: [{ ruleId: 'yandex-message-queue/send-message/md5-of-message-body', reason: 'MD5 of supplementary-plane bodies was wrong' }],
    expired: [{ ruleId: 'yandex-message-queue/send-message/delay-seconds-range', expires: '2025-12-31' }],
    baseline: {
      file: 'baseline.json',
      newFailures: ['yandex-message-queue/send-message/delay-seconds-range'],
      fixed: ['azure-notification-hubs/direct-send/format-windows-phone'],
      stillFailing: ['azure-notification-hubs/direct-send/direct-flag'],
      fingerprints: {
        new: [{ ruleId: 'azure-notification-hubs/direct-send/direct-flag', fingerprint: 'fedcba987654', caseLabel: 'direct = "TRUE"' }],
        fixed: [{ ruleId: 'azure-notification-hubs/direct-send/direct-flag', fingerprint: '0f1e2d3c4b5a' }],
        stillFailing: [{ ruleId: 'azure-notification-hubs/direct-send/direct-flag', fingerprint: 'abcdef012345', caseLabel: 'random valid request #3' }],
      },
    },
    failing: ['yandex-message-queue/send-message/delay-seconds-range'],
  };
  return report;
}

/** Bytes no XML 1.0 document may hold, markup characters and a terminal escape, where a target or a generator could put them. */
export const HOSTILE_BODY = 'ok\x00\x01\x08\x0b\x0c\x1b[31m red <b>&amp;</b> "quoted" \'single\' ]]> \xff\xfe end';

export function hostile(): Report {
  const report = mixed();
  const fail = record(report, 'delay-seconds-range');
  fail.failure!.response!.body = HOSTILE_BODY;
  fail.failure!.actual = 'status 200, body "ok\x00\x1b[31m"';
  fail.failure!.caseLabel = 'MessageBody = "\ud800" (lone surrogate) and \ufffe';
  fail.title = 'DelaySeconds <901> & "quotes" | pipes `ticks`';
  record(report, 'message-group-id-length').reason = 'needs <fifo-queue> & "entities"\x07';
  return report;
}
