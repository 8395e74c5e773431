import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { json } from '../../reporters/json.js';
import { REPORT_VERSION } from '../../src/report/model.js';
import { gated, hostile, mixed, record } from './_fixtures.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../reporters/report.schema.json'), 'utf8')) as object;

function validator(): (data: unknown) => boolean {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is not a dependency; this is the RFC 3339 date-time the report writes (toISOString).
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const validate = ajv.compile(schema);
  return (data) => {
    const ok = validate(data);
    if (!ok) expect(validate.errors).toEqual([]);
    return ok;
  };
}

describe('json reporter', () => {
  it('renders the report as pretty JSON that parses back to the same report (snapshot)', async () => {
    const out = json.render(mixed(), { color: false });
    expect(JSON.parse(out)).toEqual(mixed());
    await expect(out).toMatchFileSnapshot('./__snapshots__/json.json');
  });

  it('report.schema.json (draft 2020-12, ajv strict) accepts the fixture and every rendered report', () => {
    const valid = validator();
    expect(valid(mixed())).toBe(true);
    for (const report of [mixed(), gated(), hostile()]) expect(valid(JSON.parse(json.render(report, { color: false })))).toBe(true);
  });

  it('report.schema.json pins the version and rejects what the model does not allow', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
    const validate = ajv.compile(schema);
    expect(REPORT_VERSION).toBe(1);
    const cases: Array<[string, (r: ReturnType<typeof mixed>) => void]> = [
      ['version 2', (r) => Object.assign(r, { version: 2 })],
      ['an unknown verdict', (r) => Object.assign(r.records[0]!, { verdict: 'MAYBE' })],
      ['an unknown field', (r) => Object.assign(r.records[0]!, { extra: 1 })],
      ['a header that is not a pair', (r) => record(r, 'delay-seconds-range').failure!.request.headers.push(['X-Only'] as unknown as [string, string])],
      ['a count missing from the summary', (r) => delete (r.summary.counts as Partial<typeof r.summary.counts>).UNTESTABLE],
      ['an unknown gate', (r) => Object.assign(r.records[0]!, { gate: 'ignored' })],
      ['a body kind the model has not', (r) => Object.assign(record(r, 'delay-seconds-range').failure!.case.request, { body: { kind: 'json', value: '{}' } })],
    ];
    for (const [what, spoil] of cases) {
      const r = mixed();
      spoil(r);
      expect(validate(r), what).toBe(false);
    }
  });
});
