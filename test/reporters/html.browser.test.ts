/**
 * The html reporter as a person sees it: the fixture report rendered to a file, opened with
 * file:// in a real headless Chromium, read and clicked through. Installs Debian's Chromium on
 * the first run (test/setup/chromium.ts); skips, saying why, only when that install fails.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { curlFor } from '../../src/report/curl.js';
import type { Report } from '../../src/report/model.js';
import { summaryLine } from '../../src/runner/verdict.js';
import { ChromiumInstallError, ensureChromium } from '../setup/chromium.js';
import { loadFixture, pageDir, type PageDir } from './browser/pages.js';
import { gated } from './_fixtures.js';
import { openBrowser, type BrowserSession } from './browser/session.js';

const FAIL_ID = 'yandex-message-queue/send-message/delay-seconds-range';
const NH = 'azure-notification-hubs/direct-send';
const PLANTED = '<script>alert(1)</script>';

const report = loadFixture('mixed.json');
let pages: PageDir;
let session: BrowserSession | undefined;
let unavailable = 'the browser was not started';
let page: Page | undefined;
/** Where this test's requests start in `session.requests`. */
let firstRequest = 0;

beforeAll(async () => {
  pages = pageDir();
  let executablePath: string;
  try {
    executablePath = ensureChromium();
  } catch (err) {
    if (!(err instanceof ChromiumInstallError)) throw err;
    unavailable = `Chromium could not be installed: ${err.message}`;
    console.warn(`html.browser.test.ts: SKIPPING every test. ${unavailable}`);
    return;
  }
  // Chromium being present but failing to start is a failure, not a skip.
  session = await openBrowser(executablePath);
}, 15 * 60_000);

beforeEach(() => {
  firstRequest = session?.requests.length ?? 0;
});

afterEach(async () => {
  await page?.close();
  page = undefined;
  // In every test, whatever was clicked: nothing but the report file itself was requested.
  if (session) expect(session.requests.slice(firstRequest).filter((u) => !u.startsWith('file:'))).toEqual([]);
});

afterAll(async () => {
  await session?.close();
  pages?.remove();
});

/** Opens a rendered report, or skips the test when there is no browser. */
async function open(ctx: TestContext, url: string): Promise<Page> {
  if (!session) return ctx.skip(unavailable);
  page = await session.newPage();
  await page.goto(url);
  return page;
}

const rows = (p: Page): Locator => p.locator('#rules > .rule');
const visibleRows = (p: Page): Locator => rows(p).filter({ visible: true });
const attrs = (l: Locator, name: string): Promise<string[]> => l.evaluateAll((els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
/** The <dd> beside a <dt> label. */
const field = (scope: Locator, label: string): Locator => scope.locator(`dt:text-is("${label}") + dd`);

describe('html reporter in Chromium', () => {
  it('shows the summary line and one row per rule, and loads nothing but the file', async (ctx) => {
    const url = pages.write('mixed', report);
    const p = await open(ctx, url);

    expect(await p.locator('#summary').textContent()).toBe(summaryLine(report.summary));
    expect(await p.locator('#summary').isVisible()).toBe(true);
    expect(await visibleRows(p).count()).toBe(report.records.length);
    expect(await attrs(visibleRows(p), 'data-rule-id')).toEqual(report.records.map((r) => r.ruleId));
    expect(await rows(p).locator('.verdict').allTextContents()).toEqual(report.records.map((r) => r.verdict));
    expect(await p.locator('#shown').textContent()).toBe(`${report.records.length} rules`);
    // No gating in this report, so no gating section.
    expect(await p.locator('#gating').count()).toBe(0);

    // The one request is the page itself; nothing on it could load more.
    expect(session!.requests.slice(firstRequest)).toEqual([url]);
    expect(await p.locator('[src], [srcset], link, object, embed, iframe').count()).toBe(0);
  });

  it('shows each distinct failure of a rule with its own case, fingerprint, exchange and curl line', async (ctx) => {
    const g = gated();
    const failures = g.records.find((r) => r.ruleId === FAIL_ID)!.failures!;
    const p = await open(ctx, pages.write('gated', g));
    const row = p.locator(`#rules > .rule[data-rule-id="${FAIL_ID}"]`);
    await row.locator('summary').click();
    expect(await row.locator('p.failures').textContent()).toBe('2 distinct failures listed; 3 more distinct failures not listed (the JSON report has their fingerprints)');
    const sections = row.locator('section.failure');
    expect(await sections.locator('h4').first().textContent()).toBe('Failure 1 of 2');
    expect(await sections.count()).toBe(2);
    for (const [i, f] of failures.entries()) {
      const s = sections.nth(i);
      expect(await field(s, 'Case').textContent()).toBe(f.caseLabel);
      expect(await field(s, 'Fingerprint').textContent()).toBe(f.fingerprint);
      expect(await field(s, 'Actual').textContent()).toBe(f.actual);
      expect(await s.locator('.response .status').textContent()).toBe(i === 0 ? '200 OK' : '400 Bad Request');
      expect(await s.locator('pre.curl').textContent()).toBe(curlFor(f.request));
    }
    expect(await field(p.locator('#gating'), 'New failures under failing rules').textContent()).toBe('azure-notification-hubs/direct-send/direct-flag fedcba987654 direct = "TRUE"');
  });

  it('opens a FAIL row onto expected vs actual, the exchange and the curl line', async (ctx) => {
    const failRecord = report.records.find((r) => r.ruleId === FAIL_ID)!;
    const failure = failRecord.failure!;
    const p = await open(ctx, pages.write('mixed', report));
    const row = p.locator(`#rules > .rule[data-rule-id="${FAIL_ID}"]`);
    expect(await row.locator('.verdict').textContent()).toBe('FAIL');

    const expected = field(row, 'Expected');
    expect(await expected.isVisible()).toBe(false);
    await row.locator('summary').click();
    expect(await expected.isVisible()).toBe(true);
    expect(await expected.textContent()).toBe('400 InvalidParameterValue');
    expect(await field(row, 'Actual').textContent()).toBe('status 200');

    expect(await field(row, 'Requirement').textContent()).toBe(failRecord.requirement);
    expect(failRecord.requirement).toBe('A DelaySeconds from 0 to 900 is accepted; -1 and 901 are rejected with 400 InvalidParameterValue.');
    const source = await field(row, 'Source').textContent();
    expect(source).toContain('002_a1876caddbc80856.txt › Request parameters › DelaySeconds');
    expect(source).toContain('Valid values: from 0 to 900.');
    expect(await field(row, 'Fix').textContent()).toBe(failure.fix);
    expect(await field(row, 'Case').textContent()).toBe('DelaySeconds = 901 (max + 1)');
    expect(await field(row, 'Origin').textContent()).toBe('boundary');

    const request = row.locator('.request');
    expect(await request.locator('.start-line').textContent()).toBe('POST http://127.0.0.1:40000/');
    expect(await request.locator('.headers').textContent()).toContain('Content-Type: application/x-www-form-urlencoded');
    const body = request.locator('pre.body');
    expect(await body.isVisible()).toBe(true);
    expect(await body.textContent()).toContain('DelaySeconds=901');
    expect(await request.locator('h5').textContent()).toBe('Body (175 bytes)');

    const response = row.locator('.response');
    expect(await response.locator('.status').textContent()).toBe('200 OK');
    expect(await response.locator('.headers').textContent()).toContain('content-type: text/xml');
    expect(await response.locator('pre.body').textContent()).toContain('<MD5OfMessageBody>');

    const curl = row.locator('pre.curl');
    expect(await curl.isVisible()).toBe(true);
    expect(await curl.textContent()).toBe(curlFor(failure.request));
    expect(await curl.textContent()).toMatch(/^curl /);
    expect(await row.locator('pre.replay').textContent()).toBe(`ruleprobe replay REPORT.json --rule ${FAIL_ID}`);

    // Rows that passed have nothing to open.
    expect(await p.locator('#rules > .rule[data-verdict="PASS"] details').count()).toBe(0);
  });

  it('hides PASS rows when PASS is unticked', async (ctx) => {
    const p = await open(ctx, pages.write('mixed', report));
    await p.getByRole('checkbox', { name: /^PASS\b/ }).uncheck();

    const notPass = report.records.filter((r) => r.verdict !== 'PASS');
    expect(notPass.length).toBe(7);
    expect(await visibleRows(p).count()).toBe(notPass.length);
    expect(await attrs(visibleRows(p), 'data-rule-id')).toEqual(notPass.map((r) => r.ruleId));
    expect(report.records.length).toBe(9);
    expect(await p.locator('#shown').textContent()).toBe('Showing 7 of 9 rules');

    await p.getByRole('checkbox', { name: /^PASS\b/ }).check();
    expect(await visibleRows(p).count()).toBe(report.records.length);
  });

  it('shows only one spec, level or matching rule id when filtered so', async (ctx) => {
    const p = await open(ctx, pages.write('mixed', report));
    const ids = (pred: (r: Report['records'][number]) => boolean): string[] => report.records.filter(pred).map((r) => r.ruleId);

    await p.getByRole('combobox', { name: 'Spec', exact: true }).selectOption(NH);
    expect(await attrs(visibleRows(p), 'data-rule-id')).toEqual(ids((r) => r.specId === NH));
    expect(await visibleRows(p).count()).toBe(4);
    expect(new Set(await attrs(visibleRows(p), 'data-spec'))).toEqual(new Set([NH]));

    await p.getByRole('combobox', { name: 'Level', exact: true }).selectOption('SHOULD');
    expect(await attrs(visibleRows(p), 'data-rule-id')).toEqual([`${NH}/direct-flag`]);

    await p.getByRole('button', { name: 'Show all' }).click();
    await p.getByRole('searchbox', { name: 'Rule id', exact: true }).fill('DELAY');
    expect(await attrs(visibleRows(p), 'data-rule-id')).toEqual(ids((r) => r.ruleId.includes('delay')));

    await p.getByRole('searchbox', { name: 'Rule id', exact: true }).fill('no such rule');
    expect(await visibleRows(p).count()).toBe(0);
    expect(await p.locator('#none').isVisible()).toBe(true);
  });

  it('renders a script planted in the report as text, and runs nothing', async (ctx) => {
    const planted = structuredClone(report);
    const record = planted.records.find((r) => r.ruleId === FAIL_ID)!;
    const response = record.failure!.response!;
    response.body = `${PLANTED}"><img src=x onerror=alert(2)>\u0000\u0007end`;
    response.bodyBytes = response.body.length;
    record.failure!.request.headers.push(['X-Planted', `'><script>alert(3)</script>`]);
    record.title = '<script>alert(4)</script>';
    planted.target = '</title><script>alert(5)</script>';
    planted.gating = { failOn: 'must', stale: [], expired: [], failing: [FAIL_ID] };
    const p = await open(ctx, pages.write('planted', planted));

    await p.locator(`#rules > .rule[data-rule-id="${FAIL_ID}"] summary`).click();
    const body = p.locator(`#rules > .rule[data-rule-id="${FAIL_ID}"] .response pre.body`);
    expect(await body.isVisible()).toBe(true);
    // Control characters show as \xHH rather than vanishing.
    expect(await body.textContent()).toBe(`${PLANTED}"><img src=x onerror=alert(2)>\\x00\\x07end`);
    expect(await p.getByText(PLANTED, { exact: false }).first().isVisible()).toBe(true);
    // The planted rule is not the first row: the report records the azure rules first.
    expect(await p.locator('#rules .title').first().textContent()).toBe('ServiceBusNotification-Format: "windows phone"');
    expect(await p.locator(`#rules > .rule[data-rule-id="${FAIL_ID}"] .title`).textContent()).toBe('<script>alert(4)</script>');

    // The page's own script is the only one; nothing planted became an element or ran.
    expect(await p.locator('script').count()).toBe(1);
    expect(await p.locator('img').count()).toBe(0);
    await p.waitForTimeout(250);
    expect(session!.dialogs).toEqual([]);

    // The gating section appears when the report has one, linking the rules that failed the run.
    const gating = p.locator('#gating');
    expect(await gating.isVisible()).toBe(true);
    expect(await field(gating, 'Failing the run').textContent()).toBe(FAIL_ID);
  });
});
