/**
 * The HTML reporter: one self-contained page a person opens from disk (CI artefact, file://).
 * Inline CSS and a small inline filter script; nothing is fetched. A Content-Security-Policy
 * that allows only those two inline blocks (by hash) backs up the escaping: every value from the
 * report is escaped, and even a value that slipped through could neither run nor load anything.
 */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { LEVELS } from '../src/model/rule.js';
import { curlFor } from '../src/report/curl.js';
import { profileOf, type GatedRecord, type GatingSummary, type Report } from '../src/report/model.js';
import { VERDICTS, failuresOf, fingerprintOf, summaryLine } from '../src/runner/verdict.js';
import type { Failure, ReceivedResponse, SentRequest, Verdict } from '../src/runner/verdict.js';
import { replayLine, stoppedNote, type ReportWriter } from './types.js';

/** Verdicts whose row opens onto the failure: the target is wrong, or the harness could not decide. */
const EXPANDABLE: ReadonlySet<Verdict> = new Set<Verdict>(['FAIL', 'WARN', 'ERROR']);

export const html: ReportWriter = {
  name: 'html',
  extension: 'html',
  // A page always has colour; `color` is about terminals.
  render(report, options) {
    return page(report, options.reportPath);
  },
};

// ---------------------------------------------------------------------------------------------
// Escaping. Bodies are latin1 previews of arbitrary bytes: besides markup they carry control
// characters, which the HTML parser would drop or turn into U+FFFD. They are shown as \xHH.

function escapeWith(s: string, control: (hex: string) => string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26) out += '&amp;';
    else if (c === 0x3c) out += '&lt;';
    else if (c === 0x3e) out += '&gt;';
    else if (c === 0x22) out += '&quot;';
    else if (c === 0x27) out += '&#39;';
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) {
      out += control(`\\x${c.toString(16).padStart(2, '0')}`);
    } else out += s[i];
  }
  return out;
}

/** Text content: control characters as a marked `\xHH`. */
function text(s: string | number): string {
  return escapeWith(String(s), (hex) => `<span class="ctl" title="control character">${hex}</span>`);
}

/** Attribute values (always double-quoted by the caller). */
function attr(s: string | number): string {
  return escapeWith(String(s), (hex) => hex);
}

function sha256(s: string): string {
  return `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
}

// ---------------------------------------------------------------------------------------------
// Formatting

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function bytes(n: number): string {
  return plural(n, 'byte');
}

function statusText(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? `${status} ${phrase}` : String(status);
}

function dl(items: Array<[string, string | undefined]>, cls: string): string {
  const rows = items.filter((i): i is [string, string] => i[1] !== undefined).map(([k, v]) => `<dt>${text(k)}</dt><dd>${v}</dd>`);
  return `<dl class="${cls}">${rows.join('')}</dl>`;
}

// ---------------------------------------------------------------------------------------------
// The page

function page(report: Report, reportPath?: string): string {
  const summary = summaryLine(report.summary);
  const body = [header(report, summary), report.gating ? gating(report.gating) : '', rules(report, reportPath), specs(report), footer(report)].join('\n');
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(CSS)}`,
    `script-src ${sha256(SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="generator" content="${attr(`${report.tool.name} ${report.tool.version}`)}">
<title>${text(`ruleprobe: ${summary}`)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: Report, summary: string): string {
  const started = Date.parse(report.startedAt);
  const finished = Date.parse(report.finishedAt);
  const took = Number.isFinite(started) && Number.isFinite(finished) ? ms(finished - started) : undefined;
  const meta = dl(
    [
      ['Target', text(report.target)],
      ['Profiles', report.specs.length ? report.specs.map((s) => `<code>${text(s.id)}</code>: <code>${text(profileOf(report, s.id))}</code>`).join(', ') : undefined],
      ['Seed', `<code>${text(report.seed)}</code>`],
      ['Runs', `${text(report.runs)} per random rule`],
      ['Started', `<time datetime="${attr(report.startedAt)}">${text(report.startedAt)}</time>`],
      ['Finished', `<time datetime="${attr(report.finishedAt)}">${text(report.finishedAt)}</time>${took ? ` (${text(took)})` : ''}`],
      ['Shard', report.shard ? `${text(report.shard.index)} of ${text(report.shard.count)}` : undefined],
      ['Stopped', report.stopped ? text(stoppedNote(report)!) : undefined],
    ],
    'meta',
  );
  const counts = VERDICTS.map(
    (v) => `<li class="v-${v.toLowerCase()}"><span class="verdict">${v}</span> ${text(report.summary.counts[v])}</li>`,
  ).join('');
  return `<header>
<h1>ruleprobe report <small>${text(report.tool.version)}</small></h1>
<p id="summary" class="summary">${text(summary)}</p>
<ul class="counts" aria-label="verdict counts">${counts}</ul>
${meta}
</header>`;
}

function gating(g: GatingSummary): string {
  const failOn: Record<GatingSummary['failOn'], string> = {
    must: 'a FAIL fails the run',
    should: 'a FAIL, or a WARN on a SHOULD rule, fails the run',
    any: 'any FAIL, WARN or ERROR fails the run',
  };
  const ids = (list: string[]): string =>
    list.length ? `<ul class="ids">${list.map((id) => `<li><a href="#${attr(rowId(id))}"><code>${text(id)}</code></a></li>`).join('')}</ul>` : 'none';
  const items: Array<[string, string | undefined]> = [
    ['Policy', `<code>--fail-on ${text(g.failOn)}</code>: ${text(failOn[g.failOn] ?? g.failOn)}`],
    ['Failing the run', g.failing.length ? ids(g.failing) : 'none: the run passes its gate'],
    [
      'Expired known failures',
      g.expired.length
        ? `<ul class="ids">${g.expired.map((e) => `<li><code>${text(e.ruleId)}</code>, expired ${text(e.expires)}</li>`).join('')}</ul>`
        : undefined,
    ],
    [
      'Stale known failures (the rule, or the named failure, is gone)',
      g.stale.length
        ? `<ul class="ids">${g.stale.map((s) => `<li><code>${text(s.ruleId)}</code>${s.fingerprint ? ` <code>${text(s.fingerprint)}</code>` : ''}: ${text(s.reason)}</li>`).join('')}</ul>`
        : undefined,
    ],
  ];
  if (g.baseline) {
    items.push(
      ['Baseline', `<code>${text(g.baseline.file)}</code>`],
      ['New failures', ids(g.baseline.newFailures)],
      ['Still failing', ids(g.baseline.stillFailing)],
      ['Fixed', ids(g.baseline.fixed)],
    );
    const fp = g.baseline.fingerprints;
    if (fp) {
      const refs = (list: Array<{ ruleId: string; fingerprint: string; caseLabel?: string }>): string =>
        list.length
          ? `<ul class="ids">${list.map((f) => `<li><a href="#${attr(rowId(f.ruleId))}"><code>${text(f.ruleId)}</code></a> <code>${text(f.fingerprint)}</code>${f.caseLabel ? ` ${text(f.caseLabel)}` : ''}</li>`).join('')}</ul>`
          : 'none';
      items.push(['New failures under failing rules', refs(fp.new)], ['Failures still there', refs(fp.stillFailing)], ['Failures gone', refs(fp.fixed)]);
    }
  }
  return `<section id="gating" aria-labelledby="gating-h">
<h2 id="gating-h">Gating</h2>
${dl(items, 'gating')}
</section>`;
}

function rowId(ruleId: string): string {
  return `rule-${ruleId}`;
}

function rules(report: Report, reportPath?: string): string {
  const count = (pred: (r: GatedRecord) => boolean): number => report.records.filter(pred).length;
  const verdicts = VERDICTS.map(
    (v) =>
      `<label class="v-${v.toLowerCase()}"><input type="checkbox" name="verdict" value="${v}" checked> <span class="verdict">${v}</span> (${count((r) => r.verdict === v)})</label>`,
  ).join('\n');
  const levels = LEVELS.map((l) => `<option value="${l}">${l} (${count((r) => r.level === l)})</option>`).join('');
  const specIds = [...new Set([...report.specs.map((s) => s.id), ...report.records.map((r) => r.specId)])];
  const titles = new Map(report.specs.map((s) => [s.id, s.title]));
  const specOptions = specIds
    .map((id) => `<option value="${attr(id)}">${text(titles.get(id) ?? id)} (${count((r) => r.specId === id)})</option>`)
    .join('');
  // Hidden until the script runs: without it the controls would do nothing.
  const filters = `<form id="filters" hidden>
<fieldset class="verdicts"><legend>Verdict</legend>
${verdicts}
</fieldset>
<span><label for="f-level">Level</label> <select id="f-level" name="level"><option value="">any</option>${levels}</select></span>
<span><label for="f-spec">Spec</label> <select id="f-spec" name="spec"><option value="">all</option>${specOptions}</select></span>
<span><label for="f-q">Rule id</label> <input id="f-q" type="search" name="q" placeholder="contains…" autocomplete="off"></span>
<button type="reset">Show all</button>
</form>`;
  const head = `<li class="head" aria-hidden="true"><span>Verdict</span><span>Rule</span><span>Level</span><span>Cases</span><span>Time</span></li>`;
  return `<section aria-labelledby="rules-h">
<h2 id="rules-h">Rules</h2>
${filters}
<p id="shown" aria-live="polite">${text(plural(report.records.length, 'rule'))}</p>
<ol id="rules">
${head}
${report.records.map((r) => row(r, reportPath)).join('\n')}
</ol>
<p id="none" hidden>No rule matches these filters.</p>
</section>`;
}

function row(r: GatedRecord, reportPath?: string): string {
  const v = r.verdict.toLowerCase();
  const gate = r.gate ? `<span class="gate gate-${attr(r.gate)}">${text(r.gate)}</span>` : '';
  const line = `<span class="verdict-cell"><span class="verdict">${text(r.verdict)}</span>${gate}</span>
<span class="rule-name"><code class="id">${text(r.ruleId)}</code><span class="title">${text(r.title)}</span></span>
<span class="level">${text(r.level)}</span>
<span class="cases">${text(plural(r.cases, 'case'))}</span>
<span class="time">${text(ms(r.durationMs))}</span>`;
  const data = `id="${attr(rowId(r.ruleId))}" class="rule v-${attr(v)}" data-rule-id="${attr(r.ruleId)}" data-verdict="${attr(r.verdict)}" data-level="${attr(r.level)}" data-spec="${attr(r.specId)}"`;
  if (!EXPANDABLE.has(r.verdict)) {
    const reason = r.reason ? `\n<p class="reason">${text(r.reason)}</p>` : '';
    return `<li ${data}><div class="line">${line}</div>${reason}</li>`;
  }
  return `<li ${data}><details><summary class="line">${line}</summary>
<div class="detail">${detail(r, reportPath)}</div>
</details></li>`;
}

function detail(r: GatedRecord, reportPath?: string): string {
  const s = r.source;
  const where = [s.seed, s.section, s.item].filter((x): x is string => Boolean(x)).map(text).join(' › ');
  const parts: string[] = [];
  parts.push(
    dl(
      [
        ['Requirement', text(r.requirement)],
        ['Source', `${where}${s.ref ? ` (see ${text(s.ref)})` : ''}${s.quote ? `<blockquote>${text(s.quote)}</blockquote>` : ''}`],
        ['Reason', r.reason ? text(r.reason) : undefined],
        [
          'Known failure',
          r.knownFailure
            ? `${text(r.knownFailure.reason)}${r.knownFailure.expires ? `, until ${text(r.knownFailure.expires)}` : ''}${
                // Shown, not linked: the page makes no request, even on a click.
                r.knownFailure.link ? ` <code>${text(r.knownFailure.link)}</code>` : ''
              }`
            : undefined,
        ],
      ],
      'about',
    ),
  );
  if (r.ambiguity) {
    const readings = r.ambiguity.alternatives
      .map((a) => `<li><code>${text(a.id)}</code>${a.accepted ? '' : ' (recorded, not accepted)'}: ${text(a.description)}</li>`)
      .join('');
    parts.push(
      `<div class="ambiguity"><h4>The document is ambiguous</h4><p>${text(r.ambiguity.note)}${r.ambiguity.ref ? ` (${text(r.ambiguity.ref)})` : ''}</p><ul>${readings}</ul></div>`,
    );
  }
  const failures = failuresOf(r);
  if (failures.length > 1 || r.moreFailures) {
    const more = r.moreFailures ? `; ${plural(r.moreFailures, 'more distinct failure')} not listed (the JSON report has their fingerprints)` : '';
    parts.push(`<p class="failures">${text(plural(failures.length, 'distinct failure'))} listed${text(more)}</p>`);
  }
  failures.forEach((f, i) => {
    const body = failure(r.ruleId, f, reportPath);
    parts.push(failures.length > 1 ? `<section class="failure"><h4>Failure ${i + 1} of ${failures.length}</h4>\n${body}\n</section>` : body);
  });
  return parts.join('\n');
}

function failure(ruleId: string, f: Failure, reportPath?: string): string {
  const caseItems: Array<[string, string | undefined]> = [
    ['Case', text(f.caseLabel)],
    ['Fingerprint', `<code>${text(f.fingerprint ?? fingerprintOf(ruleId, f))}</code>`],
    ['Origin', text(f.origin)],
    ['Seed', f.seed !== undefined ? `<code>${text(f.seed)}</code>` : undefined],
    ['Path', f.path !== undefined ? `<code>${text(f.path)}</code>` : undefined],
  ];
  const curl = curlFor(f.request);
  // Redacted headers come out as shell variables the reader fills with a freshly signed value.
  const vars = [...new Set(Array.from(curl.matchAll(/\$(RULEPROBE_[A-Z0-9_]+)/g), (m) => m[1]!))];
  const secrets = vars.length
    ? `\n<p class="note">The report keeps no secrets: set ${vars.map((v) => `<code>${text(v)}</code>`).join(', ')} to a freshly signed value first.</p>`
    : '';
  return `<p class="message">Check <code>${text(f.check)}</code>: ${text(f.message)}</p>
${dl([['Expected', text(f.expected)], ['Actual', text(f.actual)]], 'expected-actual')}
${dl([['Fix', text(f.fix)]], 'fix')}
${dl(caseItems, 'case')}
<div class="exchange">
${request(f.request)}
${response(f.response)}
</div>
<div class="reproduce">
<h4>Reproduce with</h4>
<pre class="curl"><code>${text(curl)}</code></pre>${secrets}
<p>or, signed afresh from the JSON report of this run:</p>
<pre class="replay"><code>${text(replayLine(ruleId, reportPath))}</code></pre>
</div>`;
}

function bodyBlock(b: { body: string; bodyBytes: number; bodyTruncated: boolean }): string {
  const size = b.bodyTruncated ? `${bytes(b.bodyBytes)}, first ${bytes(b.body.length)} shown` : bytes(b.bodyBytes);
  return `<h5>Body <span class="size">(${text(size)})</span></h5>${
    b.bodyBytes === 0 ? '<p class="empty">empty</p>' : `<pre class="body">${text(b.body)}${b.bodyTruncated ? '<span class="cut">…</span>' : ''}</pre>`
  }`;
}

function headerLines(h: Array<[string, string]>): string {
  return h.length ? `<pre class="headers">${h.map(([k, v]) => `${text(k)}: ${text(v)}`).join('\n')}</pre>` : '<p class="empty">no headers</p>';
}

function request(q: SentRequest): string {
  return `<section class="request"><h4>Request</h4>
<pre class="start-line">${text(q.method)} ${text(q.url)}</pre>
${headerLines(q.headers)}
${bodyBlock(q)}
</section>`;
}

function response(p: ReceivedResponse | undefined): string {
  if (!p) return `<section class="response"><h4>Response</h4><p class="empty">No response was received.</p></section>`;
  return `<section class="response"><h4>Response</h4>
<pre class="status">${text(statusText(p.status))}</pre>
${headerLines(Object.entries(p.headers))}
${bodyBlock(p)}
</section>`;
}

function specs(report: Report): string {
  if (!report.specs.length) return '';
  const rowsHtml = report.specs.map((s) => {
    const mine = report.records.filter((r) => r.specId === s.id);
    const tally = VERDICTS.filter((v) => mine.some((r) => r.verdict === v))
      .map((v) => `<span class="v-${v.toLowerCase()}"><span class="verdict">${v}</span> ${mine.filter((r) => r.verdict === v).length}</span>`)
      .join(' ');
    return `<tr><td><code>${text(s.id)}</code></td><td>${text(s.title)}</td><td><code>${text(profileOf(report, s.id))}</code></td><td><code>${text(s.seed)}</code></td><td>${tally}</td></tr>`;
  });
  return `<section aria-labelledby="specs-h">
<h2 id="specs-h">Specs</h2>
<table class="specs"><thead><tr><th>Spec</th><th>Title</th><th>Profile</th><th>Seed document</th><th>Verdicts</th></tr></thead>
<tbody>${rowsHtml.join('')}</tbody></table>
</section>`;
}

function footer(report: Report): string {
  return `<footer>Written by ${text(report.tool.name)} ${text(report.tool.version)}, report format ${text(report.version)}. Requests are shown as recorded: secrets redacted, bodies cut at the preview limit.</footer>`;
}

// ---------------------------------------------------------------------------------------------
// Inline assets. Both are constants: no report data goes into a script or a style, only into
// escaped text and attributes, so neither needs escaping for its own context.

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--error:#8250df;--error-bg:#fbefff;--skip:#59636e;--skip-bg:#eef1f4;--untestable:#3e5f8a;--untestable-bg:#e6eef8;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;--line:#3d444d;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;--warn:#d29922;--warn-bg:#2b2111;
--error:#bc8cff;--error-bg:#231a33;--skip:#9198a1;--skip-bg:#1c2128;--untestable:#79a6dc;--untestable-bg:#132033}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:80rem;padding:1rem 1.5rem 3rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
[hidden]{display:none!important}
h1{font-size:1.5rem;margin:.5rem 0}h1 small{font-size:.8rem;color:var(--muted);font-weight:normal}
h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h4{margin:1rem 0 .25rem;font-size:.95rem}h5{margin:.5rem 0 .25rem;font-size:.85rem}
code,pre{font-family:var(--mono);font-size:.9em}
pre{margin:0 0 .5rem;padding:.5rem .75rem;background:var(--panel);border:1px solid var(--line);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
.summary{font-size:1.1rem;font-weight:600;margin:.25rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
blockquote{margin:.25rem 0;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
.counts{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:.5rem 0}
.verdict{display:inline-block;min-width:6.5rem;text-align:center;font:600 .8rem/1.6 var(--mono);border-radius:4px;padding:0 .4rem;color:var(--c);background:var(--c-bg);border:1px solid var(--c)}
.v-pass{--c:var(--pass);--c-bg:var(--pass-bg)}.v-fail{--c:var(--fail);--c-bg:var(--fail-bg)}.v-warn{--c:var(--warn);--c-bg:var(--warn-bg)}
.v-error{--c:var(--error);--c-bg:var(--error-bg)}.v-skip{--c:var(--skip);--c-bg:var(--skip-bg)}.v-untestable{--c:var(--untestable);--c-bg:var(--untestable-bg)}
.counts .verdict,.specs .verdict,#filters .verdict{min-width:0}
#filters{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:center;margin:.5rem 0;padding:.5rem .75rem;background:var(--panel);border:1px solid var(--line);border-radius:6px}
#filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
#filters legend{float:left;margin-right:.25rem;color:var(--muted)}
#filters label,#filters>span{white-space:nowrap}
#filters select,#filters input,#filters button{font:inherit}
#shown{color:var(--muted);margin:.25rem 0}
#rules{list-style:none;padding:0;margin:0;border-top:1px solid var(--line)}
.rule{border-bottom:1px solid var(--line);border-left:4px solid var(--c)}
.line,.head{display:grid;grid-template-columns:7.5rem minmax(0,1fr) 4.5rem 5.5rem 4.5rem;gap:.75rem;align-items:baseline;padding:.35rem .5rem}
.head{color:var(--muted);font-size:.8rem;border-left:4px solid transparent}
summary.line{cursor:pointer;list-style:none}
summary.line::-webkit-details-marker{display:none}
summary.line .verdict::after{content:" ▸"}details[open]>summary.line .verdict::after{content:" ▾"}
summary.line:hover{background:var(--panel)}
.verdict-cell{display:flex;flex-direction:column;align-items:flex-start}.gate{font-size:.75rem;color:var(--muted);padding-left:.2rem}
.rule-name{display:flex;flex-direction:column;min-width:0}
.rule-name .id{overflow-wrap:anywhere}.rule-name .title{color:var(--muted);font-size:.85rem}
.cases,.time{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.reason{margin:0 .5rem .4rem 8.25rem;color:var(--muted);font-size:.9rem}
.detail{padding:.25rem 1rem 1rem 8.25rem}
.expected-actual dd{font-family:var(--mono)}
.expected-actual dt:nth-of-type(2)+dd{color:var(--fail)}
.fix dd{font-weight:600}
.exchange{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.exchange section{min-width:0}
.size{color:var(--muted);font-weight:normal}
.ctl{color:var(--error);background:var(--error-bg);border-radius:2px}
.cut{color:var(--muted)}
.empty{color:var(--muted);font-style:italic;margin:.25rem 0}
.curl code,.replay code{user-select:all}
.ambiguity{border:1px dashed var(--line);border-radius:6px;padding:0 .75rem;margin:.5rem 0}
.ids{margin:0;padding-left:1.2rem}
table.specs{border-collapse:collapse;width:100%}
.specs th,.specs td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media (max-width:48rem){.line,.head{grid-template-columns:6.5rem minmax(0,1fr)}.head,.line .level,.line .cases,.line .time{display:none}.detail,.reason{padding-left:.5rem;margin-left:.5rem}}
`;

const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#rules > .rule'));
  var shown = document.getElementById('shown');
  var none = document.getElementById('none');
  function apply() {
    var verdicts = {};
    form.querySelectorAll('input[name=verdict]').forEach(function (box) { verdicts[box.value] = box.checked; });
    var level = form.elements.namedItem('level').value;
    var spec = form.elements.namedItem('spec').value;
    var q = form.elements.namedItem('q').value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var show = verdicts[d.verdict] === true && (!level || d.level === level) && (!spec || d.spec === spec) &&
        (!q || d.ruleId.toLowerCase().indexOf(q) !== -1);
      row.hidden = !show;
      if (show) n++;
    });
    var total = rows.length + (rows.length === 1 ? ' rule' : ' rules');
    shown.textContent = n === rows.length ? total : 'Showing ' + n + ' of ' + total;
    none.hidden = n !== 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  // The reset event fires before the controls are reset.
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
  // A link to #rule-<id> opens that rule's details.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    var details = el && el.querySelector('details');
    if (details) details.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;
