// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables and ARN formats, not templates
/** The primitives under the checks: wildcards, ARNs, IP ranges, policy variables, "did you mean". */
import { describe, expect, it } from 'vitest';
import { serviceData } from '../../../mapping/service-data.js';
import { isParsedArn, isRegionName, parseArn } from './arn.js';
import { closest, editDistance } from './did-you-mean.js';
import { hasHostBits, isPrivateRange, networkOf, parseCidr } from './ip.js';
import { parseOperator } from './operators.js';
import { formatPath } from './policy-view.js';
import { ServiceIndex } from './service-index.js';
import { scanVariables } from './variables.js';
import { patternsIntersect, tokenize, wildcardCovers, wildcardMatch } from './wildcard.js';

describe('wildcards', () => {
  it('match, cover and intersect', () => {
    expect(wildcardMatch('s3:Get*', 'S3:GETOBJECT', true)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::B/x')).toBe(false);
    expect(wildcardCovers('s3:*', 's3:Get*')).toBe(true);
    // a `?` is one character and never covers a `*`
    expect(wildcardCovers('s3:Get?bject', 's3:Get*')).toBe(false);
    const t = (p: string) => tokenize(p, true, true);
    expect(patternsIntersect(t('table/*'), t('table/${TableName}/index/${IndexName}'))).toBe(true);
    expect(patternsIntersect(t('orders'), t('table/${TableName}'))).toBe(false);
    expect(patternsIntersect(t('*/index/*'), t('table/${TableName}'))).toBe(true);
  });
});

describe('ARNs', () => {
  it('split fields outside policy variables', () => {
    const arn = parseArn('arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}');
    expect(isParsedArn(arn) && arn.account).toBe('${aws:PrincipalAccount}');
    expect(parseArn('arn:aws:s3:b')).toEqual({ fieldCount: 4 });
    expect(['us-east-1', 'us-gov-west-1', 'us-isob-east-1', 'eusc-de-east-1'].every(isRegionName)).toBe(true);
    expect(isRegionName('europe')).toBe(false);
  });

  it('match ARNs with wildcards against the formats of their service', () => {
    const index = ServiceIndex.of(serviceData());
    const types = (value: string) => {
      const arn = parseArn(value);
      return isParsedArn(arn) ? index.matchingFormats(arn).map((f) => f.resourceType) : [];
    };
    expect(types('arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/*')).toContain('index');
    expect(types('arn:aws:dynamodb:eu-west-1:111122223333:orders')).toEqual([]);
    expect(types('arn:aws:lambda:*:*:function:*')).toContain('function');
  });
});

describe('IP ranges', () => {
  it('parse IPv4 and IPv6, see host bits and private ranges', () => {
    const c = parseCidr('10.1.2.3/8');
    expect(c && hasHostBits(c)).toBe(true);
    expect(c && networkOf(c)).toBe('10.0.0.0/8');
    expect(parseCidr('2001:db8::/32')?.version).toBe(6);
    expect(parseCidr('203.0.113.300')).toBeUndefined();
    expect(isPrivateRange(parseCidr('172.16.5.0/24') as NonNullable<ReturnType<typeof parseCidr>>)).toBe(
      true,
    );
    expect(isPrivateRange(parseCidr('172.32.0.0/16') as NonNullable<ReturnType<typeof parseCidr>>)).toBe(
      false,
    );
  });
});

describe('policy variables', () => {
  it('find each problem once', () => {
    expect(scanVariables("${aws:username}/${aws:PrincipalTag/team, 'x'}/${*}").map((v) => v.problem)).toEqual(
      [undefined, undefined, undefined],
    );
    expect(scanVariables('${aws:username').map((v) => v.problem)).toEqual(['missing-brace']);
    expect(scanVariables('${ aws:username}${}${a;b}${aws:x, y}').map((v) => v.problem)).toEqual([
      'space',
      'empty',
      'symbol',
      'quote',
    ]);
  });
});

describe('operators, paths and suggestions', () => {
  it('parse qualifiers and IfExists in any case', () => {
    expect(parseOperator('forallvalues:stringlikeifexists')).toMatchObject({
      qualifier: 'ForAllValues',
      base: 'StringLike',
      ifExists: true,
      wildcards: true,
    });
    expect(parseOperator('StringEqual')).toBeUndefined();
  });

  it('format paths as people write them', () => {
    expect(formatPath(['Statement', 0, 'Action', 1])).toBe('Statement[0].Action[1]');
    expect(formatPath(['Statement', 0, 'Principal'], true)).toBe('Statement[0].#Principal');
    expect(formatPath(['Statement', 0, 'Condition', 'StringEquals', 'a.b:c'])).toBe(
      'Statement[0].Condition.StringEquals["a.b:c"]',
    );
  });

  it('suggest only close names', () => {
    expect(editDistance('GetObjetc', 'GetObject')).toBe(1);
    expect(closest('GetObjects', ['GetObject', 'PutObject'])).toBe('GetObject');
    expect(closest('Frobnicate', ['GetObject', 'PutObject'])).toBeUndefined();
  });
});
