import { describe, expect, it } from 'vitest';
import { responseHeaderCheck } from '../../src/checks/response-header.js';
import { ctx, exchange, NH, request, SB } from './_exchange.js';

const nh = ctx(NH, 'response-header-location');
const NH_URL = 'https://rp-ns.servicebus.windows.net/rp-hub/messages/?direct&api-version=2015-04';
const LOCATION = { name: 'Location', status: [201], format: { template: 'https://{your namespace}.servicebus.windows.net/{your hub name}/messages/{notification message id}?api-version=2015-04' } };
const CONTENT_TYPE = { name: 'Content-Type', status: [201], format: { mediaType: 'application/xml; charset=utf-8' } };
const at201 = (headers: Record<string, string>, url = NH_URL) => exchange({ status: 201, headers, url, request: request('hub') });

describe('response-header: mediaType', () => {
  it('passes the documented media type, whatever the case, spaces, quoting and parameter order', () => {
    for (const v of ['application/xml; charset=utf-8', 'application/xml;charset=utf-8', 'Application/XML; Charset=UTF-8', 'application/xml; charset="utf-8"']) {
      expect(responseHeaderCheck(nh, at201({ 'Content-Type': v }), CONTENT_TYPE), v).toEqual({ ok: true });
    }
    const sb = { name: 'Content-type', status: [200], format: { mediaType: 'application/atom+xml; type=entry' } };
    const ok = exchange({ status: 200, headers: { 'content-type': 'application/atom+xml;type=entry' }, request: request('topic') });
    expect(responseHeaderCheck(ctx(SB, 'response-header-content-type'), ok, sb)).toEqual({ ok: true });
  });

  it('fails a missing parameter, an extra parameter and another type (the parameter sets must be equal)', () => {
    expect(responseHeaderCheck(nh, at201({ 'content-type': 'application/xml' }), CONTENT_TYPE)).toEqual({
      ok: false,
      message: 'The Content-Type header of the 201 response does not have its documented format.',
      expected: 'media type application/xml; charset=utf-8',
      actual: 'application/xml',
    });
    expect(responseHeaderCheck(nh, at201({ 'content-type': 'application/xml; charset=utf-8; version=2' }), CONTENT_TYPE).ok).toBe(false);
    expect(responseHeaderCheck(nh, at201({ 'content-type': 'application/json; charset=utf-8' }), CONTENT_TYPE).ok).toBe(false);
    expect(responseHeaderCheck(nh, at201({ 'content-type': 'application/xml; charset=iso-8859-1' }), CONTENT_TYPE).ok).toBe(false);
    expect(responseHeaderCheck(nh, at201({ 'content-type': 'application/xml; charset' }), CONTENT_TYPE).ok).toBe(false);
  });

  it('fails a missing header, found case-insensitively', () => {
    expect(responseHeaderCheck(nh, at201({}), CONTENT_TYPE)).toEqual({
      ok: false,
      message: 'The 201 response has no Content-Type header.',
      expected: 'media type application/xml; charset=utf-8',
      actual: '(absent)',
    });
  });

  it('does not apply to a status outside args.status', () => {
    expect(responseHeaderCheck(nh, exchange({ status: 400, request: request('hub') }), CONTENT_TYPE)).toEqual({ ok: true });
  });
});

describe('response-header: template', () => {
  it('passes the documented host, any namespace, scheme and host in any case', () => {
    expect(responseHeaderCheck(nh, at201({ location: 'https://rp-ns.servicebus.windows.net/rp-hub/messages/abc-123?api-version=2015-04' }), LOCATION)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, at201({ location: 'HTTPS://RP-NS.servicebus.Windows.net/rp-hub/messages/abc-123?api-version=2015-04' }), LOCATION)).toEqual({ ok: true });
  });

  it("passes the request's own origin (an emulator's), since the template's host has a placeholder", () => {
    const local = 'http://127.0.0.1:8181/rp-hub/messages/?direct&api-version=2015-04';
    expect(responseHeaderCheck(nh, at201({ location: 'http://127.0.0.1:8181/rp-hub/messages/7f3a?api-version=2015-04' }, local), LOCATION)).toEqual({ ok: true });
  });

  it('fails another host, an empty or multi-segment id, and another query', () => {
    const local = 'http://127.0.0.1:8181/rp-hub/messages/?direct&api-version=2015-04';
    const bad = [
      'http://evil.example:8181/rp-hub/messages/7f3a?api-version=2015-04',
      'https://rp-ns.servicebus.windows.net/rp-hub/messages/?api-version=2015-04',
      'https://rp-ns.servicebus.windows.net/rp-hub/messages/a/b?api-version=2015-04',
      'https://rp-ns.servicebus.windows.net/rp-hub/messages/abc?api-version=2015-01',
      'https://servicebus.windows.net/rp-hub/messages/abc?api-version=2015-04',
    ];
    for (const location of bad) expect(responseHeaderCheck(nh, at201({ location }, local), LOCATION).ok, location).toBe(false);
    expect(responseHeaderCheck(nh, at201({ location: bad[0]! }, local), LOCATION)).toEqual({
      ok: false,
      message: 'The Location header of the 201 response does not have its documented format.',
      expected: `matching the template ${LOCATION.format.template}`,
      actual: bad[0],
    });
  });

  it('accepts only the literal host when the template has none to fill in', () => {
    const args = { name: 'Location', status: [201], format: { template: 'https://example.com/q/{id}' } };
    const local = 'http://127.0.0.1:8181/q';
    expect(responseHeaderCheck(nh, at201({ location: 'https://EXAMPLE.com/q/1' }, local), args).ok).toBe(true);
    expect(responseHeaderCheck(nh, at201({ location: 'http://127.0.0.1:8181/q/1' }, local), args).ok).toBe(false);
  });
});

describe('response-header: value and pattern', () => {
  it('compares a value exactly', () => {
    const args = { name: 'x-ms-version', status: [201], format: { value: '2015-04' } };
    expect(responseHeaderCheck(nh, at201({ 'x-ms-version': '2015-04' }), args).ok).toBe(true);
    expect(responseHeaderCheck(nh, at201({ 'x-ms-version': '2015-04 ' }), args).ok).toBe(false);
  });

  it('matches a pattern against the whole value', () => {
    const args = { name: 'Location', status: [201], format: { pattern: '^https?://[^/?#]+/[^/?#]+/messages/[^/?#]+\\?api-version=2015-04$' } };
    expect(responseHeaderCheck(nh, at201({ location: 'http://localhost:9/hub/messages/1?api-version=2015-04' }), args).ok).toBe(true);
    expect(responseHeaderCheck(nh, at201({ location: 'http://localhost:9/hub/messages/1?api-version=2015-04&x' }), args).ok).toBe(false);
    const unanchored = { name: 'x-id', status: [201], format: { pattern: '[0-9]+' } };
    expect(responseHeaderCheck(nh, at201({ 'x-id': 'a12' }), unanchored).ok).toBe(false);
  });

  it('throws on malformed arguments (a spec error, not a target failure)', () => {
    expect(() => responseHeaderCheck(nh, at201({}), { name: 'Location', status: [201], format: { named: 'atom-link' } })).not.toThrow();
    expect(() => responseHeaderCheck(nh, at201({ location: 'x' }), { name: 'Location', status: [201], format: { named: 'atom-link' } })).toThrow(TypeError);
    expect(() => responseHeaderCheck(nh, at201({}), { name: 'Location', status: [201], format: { pattern: '(' } })).toThrow(TypeError);
    expect(() => responseHeaderCheck(nh, at201({}), { name: 'Location', status: [201], format: { value: 'a', pattern: 'b' } })).toThrow(TypeError);
  });
});

describe('response-header: media-type match modes', () => {
  const sb = ctx(SB, 'response-header-content-type');
  const at200 = (v: string) => exchange({ status: 200, headers: { 'content-type': v }, request: request('topic') });
  const args = (match: string) => ({ name: 'Content-type', status: [200], format: { mediaType: 'application/atom+xml; type=entry', match } });
  const charsetArgs = (match: string) => ({ name: 'Content-type', status: [200], format: { mediaType: 'application/atom+xml;type=entry;charset=utf-8', match } });

  // Regression (issue 9): the seed lists type=entry; a response that adds charset=utf-8 is still that media type.
  it('listed: passes the listed parameters with others beside them, in any order and case', () => {
    for (const v of ['application/atom+xml; type=entry', 'application/atom+xml;type=entry;charset=utf-8', 'Application/Atom+XML; charset=UTF-8; Type="Entry"']) {
      expect(responseHeaderCheck(sb, at200(v), args('listed')), v).toEqual({ ok: true });
    }
  });

  it('listed: fails a listed parameter missing or with another value, and another type', () => {
    expect(responseHeaderCheck(sb, at200('application/atom+xml; charset=utf-8'), args('listed'))).toEqual({
      ok: false,
      message: 'The Content-type header of the 200 response does not have its documented format.',
      expected: 'media type application/atom+xml; type=entry (its listed parameters; others allowed)',
      actual: 'application/atom+xml; charset=utf-8',
    });
    expect(responseHeaderCheck(sb, at200('application/atom+xml; type=feed'), args('listed')).ok).toBe(false);
    expect(responseHeaderCheck(sb, at200('application/xml; type=entry'), args('listed')).ok).toBe(false);
  });

  it('exact (the default): fails an extra parameter that listed allows', () => {
    expect(responseHeaderCheck(sb, at200('application/atom+xml;type=entry;charset=utf-8'), args('exact'))).toEqual({
      ok: false,
      message: 'The Content-type header of the 200 response does not have its documented format.',
      expected: 'media type application/atom+xml; type=entry',
      actual: 'application/atom+xml;type=entry;charset=utf-8',
    });
  });

  it('charset-optional: passes a missing charset, fails another charset or a missing listed parameter', () => {
    expect(responseHeaderCheck(sb, at200('application/atom+xml;type=entry'), charsetArgs('charset-optional'))).toEqual({ ok: true });
    expect(responseHeaderCheck(sb, at200('application/atom+xml;type=entry;charset=UTF-8;x=1'), charsetArgs('charset-optional'))).toEqual({ ok: true });
    expect(responseHeaderCheck(sb, at200('application/atom+xml;type=entry;charset=iso-8859-1'), charsetArgs('charset-optional'))).toMatchObject({
      ok: false,
      expected: 'media type application/atom+xml;type=entry;charset=utf-8 (its listed parameters, charset optional; others allowed)',
    });
    expect(responseHeaderCheck(sb, at200('application/atom+xml;charset=utf-8'), charsetArgs('charset-optional')).ok).toBe(false);
    expect(responseHeaderCheck(sb, at200('application/atom+xml;type=entry'), charsetArgs('listed')).ok).toBe(false);
  });
});

describe('response-header: a template bound to the request (the Location of Notification Hubs)', () => {
  const BOUND = {
    name: 'Location',
    status: [201],
    format: { ...LOCATION.format, bind: { 'your hub name': { from: 'placeholder', name: 'NotificationHub' }, 'your namespace': { from: 'request-host' } } },
  };
  const sent = (location: string, url = NH_URL, hub = 'rp-hub') => exchange({ status: 201, headers: { location }, url, request: request('hub'), placeholders: { NotificationHub: hub } });

  it("passes the request's hub and namespace on the documented host", () => {
    expect(responseHeaderCheck(nh, sent('https://rp-ns.servicebus.windows.net/rp-hub/messages/abc?api-version=2015-04'), BOUND)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, sent('https://RP-NS.servicebus.windows.net/rp-hub/messages/abc?api-version=2015-04'), BOUND)).toEqual({ ok: true });
  });

  it('fails another hub, and another namespace when the request went to a documented host', () => {
    expect(responseHeaderCheck(nh, sent('https://rp-ns.servicebus.windows.net/other-hub/messages/abc?api-version=2015-04'), BOUND)).toEqual({
      ok: false,
      message: 'The Location header of the 201 response does not have its documented format.',
      expected: `matching the template ${LOCATION.format.template} with {your hub name} = "rp-hub", {your namespace} = "rp-ns"`,
      actual: 'https://rp-ns.servicebus.windows.net/other-hub/messages/abc?api-version=2015-04',
    });
    expect(responseHeaderCheck(nh, sent('https://other-ns.servicebus.windows.net/rp-hub/messages/abc?api-version=2015-04'), BOUND).ok).toBe(false);
  });

  it("on an emulator's host: passes its own host (its scheme or https) with the request's hub, any namespace on the documented host; fails another hub", () => {
    const local = 'http://127.0.0.1:8181/rp-hub/messages/?direct&api-version=2015-04';
    expect(responseHeaderCheck(nh, sent('http://127.0.0.1:8181/rp-hub/messages/7f3a?api-version=2015-04', local), BOUND)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, sent('https://127.0.0.1:8181/rp-hub/messages/7f3a?api-version=2015-04', local), BOUND)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, sent('https://any-ns.servicebus.windows.net/rp-hub/messages/7f3a?api-version=2015-04', local), BOUND)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, sent('http://127.0.0.1:8181/other-hub/messages/7f3a?api-version=2015-04', local), BOUND).ok).toBe(false);
    expect(responseHeaderCheck(nh, sent('http://127.0.0.1:8282/rp-hub/messages/7f3a?api-version=2015-04', local), BOUND).ok).toBe(false);
  });

  it('compares the bound value percent-decoded, and lets it span a slash (a nested path)', () => {
    const url = 'https://rp-ns.servicebus.windows.net/a%20b/c/messages/?direct&api-version=2015-04';
    expect(responseHeaderCheck(nh, sent('https://rp-ns.servicebus.windows.net/a%20b/c/messages/1?api-version=2015-04', url, 'a b/c'), BOUND)).toEqual({ ok: true });
    expect(responseHeaderCheck(nh, sent('https://rp-ns.servicebus.windows.net/a%20b/messages/1?api-version=2015-04', url, 'a b/c'), BOUND).ok).toBe(false);
  });

  it('throws when the exchange does not record the placeholder a binding needs (a harness error, not a target failure)', () => {
    const bare = exchange({ status: 201, headers: { location: 'https://rp-ns.servicebus.windows.net/rp-hub/messages/abc?api-version=2015-04' }, url: NH_URL, request: request('hub') });
    expect(() => responseHeaderCheck(nh, bare, BOUND)).toThrow(/needs the request's URL placeholder "NotificationHub"/);
  });
});
