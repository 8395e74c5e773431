/**
 * A headless Debian Chromium, driven by playwright-core, that records every request its pages
 * make and every dialog they open, so a test can say "nothing but the file was loaded" and
 * "no script ran".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../setup/chromium.js';

export interface BrowserSession {
  /** A fresh page in the one context. */
  newPage(): Promise<Page>;
  /** Every URL requested by any page, in order, including ones that were refused. */
  readonly requests: string[];
  /** The message of every alert/confirm/prompt any page opened (each is dismissed). */
  readonly dialogs: string[];
  close(): Promise<void>;
}

export async function openBrowser(executablePath: string): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ruleprobe-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is how Playwright takes a user data dir of ours: passing
    // --user-data-dir in `args` to launch() is refused.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const requests: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (req) => requests.push(req.url()));
  // Anything that is not the file itself is refused (and recorded above), so a stray reference
  // fails the test instead of waiting on a closed network.
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient')));
  const watch = (page: Page): void => {
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => undefined);
    });
  };
  context.on('page', watch);
  // launchPersistentContext has already opened a blank page.
  context.pages().forEach(watch);
  return {
    requests,
    dialogs,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
