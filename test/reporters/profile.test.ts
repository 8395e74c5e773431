/** Every reporter names the profile each spec ran under (the fixture: yandex under seed, notification hubs under live). */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../reporters/all.js';
import type { Report } from '../../src/report/model.js';
import { mixed } from './_fixtures.js';

const render = (name: keyof typeof REPORTERS, report: Report = mixed()): string => REPORTERS[name]!.render(report, { color: false });

describe('reporters name each spec\'s profile', () => {
  it('console: in each spec\'s heading, and as --profile in the reproduce line of a non-seed spec', () => {
    const out = render('console');
    expect(out).toContain('yandex-message-queue/send-message (Yandex Message Queue — SendMessage), profile seed\n');
    expect(out).toContain('azure-notification-hubs/direct-send (Azure Notification Hubs — Direct send), profile live\n');
    expect(out).toContain('    ruleprobe run --rule yandex-message-queue/send-message/action-value --seed 7 --runs 3\n');
    const live = mixed();
    live.specs[0]!.profile = 'live';
    expect(render('console', live)).toContain('    ruleprobe run --rule yandex-message-queue/send-message/action-value --seed 7 --runs 3 --profile live\n');
  });

  it('json: specs[].profile', () => {
    const report = JSON.parse(render('json')) as Report;
    expect(report.specs.map((s) => [s.id, s.profile])).toEqual([
      ['yandex-message-queue/send-message', 'seed'],
      ['azure-notification-hubs/direct-send', 'live'],
    ]);
  });

  it('junit: a profile property on each testsuite', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(render('junit')) as {
      testsuites: { testsuite: Array<{ name: string; properties: { property: Array<{ name: string; value: string }> } }> };
    };
    expect(xml.testsuites.testsuite.map((s) => [s.name, s.properties.property.find((p) => p.name === 'profile')?.value])).toEqual([
      ['yandex-message-queue/send-message', 'seed'],
      ['azure-notification-hubs/direct-send', 'live'],
    ]);
  });

  it('html: a Profile column in the specs table and the profiles in the header', () => {
    const out = render('html');
    expect(out).toContain('<th>Profile</th>');
    expect(out).toContain('<tr><td><code>azure-notification-hubs/direct-send</code></td><td>Azure Notification Hubs — Direct send</td><td><code>live</code></td>');
    expect(out).toContain('<dt>Profiles</dt><dd><code>yandex-message-queue/send-message</code>: <code>seed</code>, <code>azure-notification-hubs/direct-send</code>: <code>live</code></dd>');
  });

  it('markdown: a Profile column in the counts table', () => {
    const out = render('markdown');
    expect(out).toContain('| `azure-notification-hubs/direct-send` | `live` |');
    expect(out).toContain('| `yandex-message-queue/send-message` | `seed` |');
  });

  it('a report written before profiles reads as seed', () => {
    const old = mixed();
    for (const s of old.specs) delete s.profile;
    expect(render('console', old)).toContain('azure-notification-hubs/direct-send (Azure Notification Hubs — Direct send), profile seed\n');
    expect(render('markdown', old)).toContain('| `azure-notification-hubs/direct-send` | `seed` |');
  });
});
