/** Reports rendered by the html reporter into files a browser opens with file://. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { html } from '../../../reporters/html.js';
import type { Report } from '../../../src/report/model.js';

export function loadFixture(name: string): Report {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/reports/${name}`, import.meta.url)), 'utf8')) as Report;
}

export interface PageDir {
  /** Renders the report to `<name>.html` and returns its file:// URL. */
  write(name: string, report: Report): string;
  remove(): void;
}

export function pageDir(): PageDir {
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-html-'));
  return {
    write(name, report) {
      const file = join(dir, `${name}.html`);
      writeFileSync(file, html.render(report, { color: false }));
      return pathToFileURL(file).href;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
