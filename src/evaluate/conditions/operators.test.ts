import { describe, expect, it } from 'vitest';
import { parseDate } from './date.js';
import { operatorFamilies, resolveOperator } from './index.js';
import { inRange, parseCidr, parseIp } from './ip-address.js';
import { parseNumber } from './numeric.js';

describe('the operator index', () => {
  it('knows every operator of the IAM user guide, one family per file', () => {
    const names = Object.values(operatorFamilies).flatMap((f) => f.map((d) => d.name));
    expect(names.sort()).toEqual(
      [
        'ArnEquals',
        'ArnLike',
        'ArnNotEquals',
        'ArnNotLike',
        'BinaryEquals',
        'Bool',
        'DateEquals',
        'DateGreaterThan',
        'DateGreaterThanEquals',
        'DateLessThan',
        'DateLessThanEquals',
        'DateNotEquals',
        'IpAddress',
        'NotIpAddress',
        'Null',
        'NumericEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericNotEquals',
        'StringEquals',
        'StringEqualsIgnoreCase',
        'StringLike',
        'StringNotEquals',
        'StringNotEqualsIgnoreCase',
        'StringNotLike',
      ].sort(),
    );
  });

  it('resolves set qualifiers and IfExists around any operator but Null', () => {
    // Given operator names as written in policies, When resolved, Then the parts are recognised
    const r = resolveOperator('ForAnyValue:StringLikeIfExists');
    expect(r.kind === 'operator' && [r.canonical, r.qualifier, r.ifExists, r.definition.name]).toEqual([
      'ForAnyValue:StringLikeIfExists',
      'ForAnyValue',
      true,
      'StringLike',
    ]);
    const plain = resolveOperator('NotIpAddress');
    expect(plain.kind === 'operator' && [plain.qualifier, plain.ifExists]).toEqual([undefined, false]);
    expect(resolveOperator('NullIfExists').kind).toBe('invalid');
    expect(resolveOperator('ForAllValues:Null').kind).toBe('invalid');
    expect(resolveOperator('StringEqualsIfExist').kind).toBe('unknown');
    expect(resolveOperator('IfExists').kind).toBe('unknown');
  });
});

describe('value parsers', () => {
  it('read numbers, not other text', () => {
    expect([parseNumber('10'), parseNumber('-1.5'), parseNumber('1e3'), parseNumber(' 7 ')]).toEqual([
      10, -1.5, 1000, 7,
    ]);
    expect([parseNumber(''), parseNumber('0x10'), parseNumber('ten'), parseNumber('1,000')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('read W3C ISO 8601 dates and epoch seconds; a time without zone is UTC', () => {
    const utc = Date.UTC(2020, 0, 1, 12, 30);
    expect(parseDate('2020-01-01T12:30Z')).toBe(utc);
    expect(parseDate('2020-01-01T12:30')).toBe(utc);
    expect(parseDate('2020-01-01T14:30:00+02:00')).toBe(utc);
    expect(parseDate('2020-01-01T12:30:00.000Z')).toBe(utc);
    expect(parseDate('2020-01')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('1577881800')).toBe(utc);
    expect([parseDate('01/01/2020'), parseDate('2020-1-1'), parseDate('now')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('read IPv4 and IPv6 addresses and CIDR ranges', () => {
    expect(parseIp('192.0.2.1')).toEqual({ version: 4, value: 0xc0000201n });
    expect(parseIp('::1')).toEqual({ version: 6, value: 1n });
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ version: 6, value: 0xffffc0000201n });
    expect(parseIp('2001:DB8::')).toEqual({ version: 6, value: 0x20010db8n << 96n });
    expect([
      parseIp('1.2.3'),
      parseIp('1.2.3.256'),
      parseIp('1::2::3'),
      parseIp('1:2:3:4:5:6:7:8:9'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
    const range = parseCidr('203.0.113.9/24');
    expect(range && inRange(parseIp('203.0.113.200')!, range)).toBe(true);
    expect(range && inRange(parseIp('203.0.112.255')!, range)).toBe(false);
    const v6 = parseCidr('2001:DB8:1234:5678::/64');
    expect(v6 && inRange(parseIp('2001:db8:1234:5678:ffff::')!, v6)).toBe(true);
    expect(v6 && inRange(parseIp('2001:db8:1234:5679::')!, v6)).toBe(false);
    expect(parseCidr('0.0.0.0/0') && inRange(parseIp('8.8.8.8')!, parseCidr('0.0.0.0/0')!)).toBe(true);
  });
});

describe('operators on literal values (numbers, dates, IP ranges, base64)', () => {
  function compiled(operator: string, values: string[]) {
    const r = resolveOperator(operator);
    if (r.kind !== 'operator' || r.definition.kind !== 'compare')
      throw new Error(`not a compare operator: ${operator}`);
    return r.definition.compile(values, { variables: true });
  }
  const noContext = {} as never;

  it.each([
    ['NumericLessThan', ['10', 'ten'], 'NumericLessThan needs a number, found "ten"', '9', '11'],
    [
      'DateGreaterThan',
      ['2020-01-01T00:00:00Z', 'yesterday'],
      'DateGreaterThan needs an ISO 8601 date or epoch seconds, found "yesterday"',
      '2021-06-01T00:00:00Z',
      '2019-06-01T00:00:00Z',
    ],
    [
      'IpAddress',
      ['203.0.113.0/24', '203.0.113.0/33'],
      'IpAddress needs an IP address or CIDR range such as 203.0.113.0/24, found "203.0.113.0/33"',
      '203.0.113.7',
      '198.51.100.7',
    ],
    [
      'BinaryEquals',
      ['aGk=', 'not base64!'],
      'BinaryEquals needs base64, found "not base64!"',
      'aGk=',
      'aG8=',
    ],
  ])(
    '%s reads each policy value once, names the one it cannot read, and matches with the others',
    (operator, values, problem, matching, other) => {
      // Given a policy value list with one value the operator cannot read
      const { problems, matcher } = compiled(operator, values);
      // Then that value is reported by its index, with what was expected
      expect(problems).toEqual([{ index: 1, code: 'invalid-condition-value', message: problem }]);
      // And a request value compares with the values that were read; one that does not read matches nothing
      expect(matcher(matching, noContext)).toBe(true);
      expect(matcher(other, noContext)).toBe(false);
      expect(matcher('???', noContext)).toBe(false);
    },
  );
});
