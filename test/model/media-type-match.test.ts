import { describe, expect, it } from 'vitest';
import { MEDIA_TYPE_MATCHES, matchesMediaType, sameMediaType } from '../../src/model/media-type.js';

const SEED = 'application/atom+xml;type=entry;charset=utf-8';

/** Which modes each value matches the seed's Content-Type under. */
const modes = (actual: string): string[] => MEDIA_TYPE_MATCHES.filter((m) => matchesMediaType(SEED, actual, m));

describe('media-type match modes', () => {
  it('exact: the same parameters, in any order, case, quoting and spacing', () => {
    expect(modes('application/atom+xml;type=entry;charset=utf-8')).toEqual(['exact', 'listed', 'charset-optional']);
    expect(modes('Application/ATOM+xml; Charset="UTF-8" ; type=Entry')).toEqual(['exact', 'listed', 'charset-optional']);
  });

  it('listed: an extra parameter is allowed, a listed one is not optional', () => {
    expect(modes('application/atom+xml;type=entry;charset=utf-8;version=1')).toEqual(['listed', 'charset-optional']);
    expect(modes('application/atom+xml;charset=utf-8')).toEqual([]);
  });

  it('charset-optional: a missing charset is fine, another charset is not', () => {
    expect(modes('application/atom+xml;type=entry')).toEqual(['charset-optional']);
    expect(modes('application/atom+xml;type=entry;x=1')).toEqual(['charset-optional']);
    expect(modes('application/atom+xml;type=entry;charset=iso-8859-1')).toEqual([]);
  });

  it('no mode matches another type, another value, or a value that does not parse', () => {
    for (const v of ['application/xml;type=entry;charset=utf-8', 'application/atom+xml;type=feed;charset=utf-8', 'application/atom+xml;type=entry;charset=utf-8;charset=utf-8', 'atom', '']) {
      expect(modes(v), v).toEqual([]);
    }
  });

  it('sameMediaType is exact', () => {
    expect(sameMediaType(SEED, 'application/atom+xml;type=entry')).toBe(false);
    expect(sameMediaType(SEED, 'application/atom+xml; charset=utf-8; type=entry')).toBe(true);
  });
});
