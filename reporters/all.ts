/** Every report writer at once, loaded eagerly (for tests and tools that render with all of them). */
import { console as consoleWriter } from './console.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import type { ReporterName } from './names.js';
import type { ReportWriter } from './types.js';

export const REPORTERS: Record<ReporterName, ReportWriter> = { console: consoleWriter, json, junit, markdown, html };
