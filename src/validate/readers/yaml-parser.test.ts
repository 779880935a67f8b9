// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import { describe, expect, it } from 'vitest';
import { parseEmbeddedJson } from './embedded-json.js';
import { parseJson } from './json-parser.js';
import { getPath, LineIndex, type ObjectNode, type ScalarNode, toPlain } from './source-node.js';
import { parseYaml } from './yaml-parser.js';

function pos(text: string, offset: number) {
  return new LineIndex(text).position(offset);
}

describe('parseYaml', () => {
  it('turns CloudFormation short-form tags into their long form', () => {
    // Given every kind of short-form tag
    const text = [
      'A: !Ref Bucket',
      'B: !GetAtt Bucket.Arn',
      'C: !GetAtt [Bucket, Arn]',
      "D: !Sub 'arn:${AWS::Partition}:s3:::x'",
      'E: !If [IsProd, a, !Ref AWS::NoValue]',
      'F: !Join [":", [a, b]]',
      'G: !Condition IsProd',
      'H: !ImportValue shared',
      'I: !FindInMap [M, a, b]',
      'J: !Equals [a, b]',
    ].join('\n');
    // When it is parsed
    const r = parseYaml(text);
    // Then each becomes the long form CloudFormation JSON uses
    expect(r.problems).toEqual([]);
    expect(toPlain(r.node!)).toEqual({
      A: { Ref: 'Bucket' },
      B: { 'Fn::GetAtt': 'Bucket.Arn' },
      C: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
      D: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' },
      E: { 'Fn::If': ['IsProd', 'a', { Ref: 'AWS::NoValue' }] },
      F: { 'Fn::Join': [':', ['a', 'b']] },
      G: { Condition: 'IsProd' },
      H: { 'Fn::ImportValue': 'shared' },
      I: { 'Fn::FindInMap': ['M', 'a', 'b'] },
      J: { 'Fn::Equals': ['a', 'b'] },
    });
  });

  it('places the long-form key at the tag', () => {
    // Given a tag on line 2
    const text = 'Resource:\n  !Sub "arn:aws:s3:::${Bucket}"\n';
    // When it is parsed
    const sub = getPath(parseYaml(text).node!, ['Resource']) as ObjectNode;
    // Then the Fn::Sub key points at "!Sub" and the value at the string
    expect(pos(text, sub.entries[0]!.keySpan.start)).toEqual({ line: 2, column: 3 });
    expect(pos(text, sub.entries[0]!.value.start)).toEqual({ line: 2, column: 8 });
  });

  it('keeps digits a number would lose, such as an account id with a leading zero', () => {
    // Given unquoted numbers
    const r = parseYaml('a: 012345678901\nb: 3600\nc: 1.10\n');
    // Then only the canonical one stays a number
    expect(toPlain(r.node!)).toEqual({ a: '012345678901', b: 3600, c: '1.10' });
  });

  it('reads dates as the text written (YAML 1.2 core schema)', () => {
    expect(toPlain(parseYaml('Version: 2012-10-17\n').node!)).toEqual({ Version: '2012-10-17' });
  });

  it('expands aliases and merge keys', () => {
    // Given an anchor merged into another map
    const text = 'base: &b {Effect: Allow, Resource: "*"}\nstmt:\n  <<: *b\n  Action: s3:GetObject\n';
    // Then the merged map has both
    expect(toPlain(getPath(parseYaml(text).node!, ['stmt'])!)).toEqual({
      Effect: 'Allow',
      Resource: '*',
      Action: 's3:GetObject',
    });
  });

  it('reports a duplicate key as a problem of its own and keeps reading', () => {
    const r = parseYaml('a: 1\na: 2\n');
    expect(r.problems.map((p) => p.kind)).toEqual(['duplicate-key']);
    expect(toPlain(r.node!)).toEqual({ a: 2 });
  });

  it('reports an unknown tag and reads its value as untagged', () => {
    const r = parseYaml('a: !Custom x\n');
    expect(r.problems[0]).toMatchObject({ kind: 'unknown-tag', message: expect.stringContaining('!Custom') });
    expect(toPlain(r.node!)).toEqual({ a: 'x' });
  });

  it('reports invalid YAML with its position', () => {
    // Given a flow sequence that is never closed
    const text = 'a: [1, 2\nb: 3\n';
    const r = parseYaml(text);
    // Then there is an error
    expect(r.problems.some((p) => p.kind === 'error')).toBe(true);
  });
});

describe('policy documents as JSON strings', () => {
  it('maps a JSON string in a YAML literal block line by line', () => {
    // Given a policy written as a literal block
    const text = 'Doc: |\n  {\n    "Statement": [{"Action": "s3:GetObject"}]\n  }\n';
    const str = getPath(parseYaml(text).node!, ['Doc']) as ScalarNode;
    // When the string is parsed as JSON
    const doc = parseEmbeddedJson(str).node!;
    // Then the action points at line 3 of the file, at its quote
    const action = getPath(doc, ['Statement', 0, 'Action'])!;
    expect(pos(text, action.start)).toEqual({ line: 3, column: 30 });
  });

  it('maps a JSON string inside JSON through its escapes', () => {
    // Given a JSON file with a policy in an escaped string
    const text = '{"policy": "{\\"Statement\\":[{\\"Action\\":\\"s3:GetObject\\"}]}"}';
    const str = getPath(parseJson(text).node!, ['policy']) as ScalarNode;
    const doc = parseEmbeddedJson(str).node!;
    const action = getPath(doc, ['Statement', 0, 'Action'])!;
    // Then the action's span covers its escaped quotes in the file
    expect(text.slice(action.start, action.end)).toBe('\\"s3:GetObject\\"');
  });

  it('reports a broken embedded JSON at its place in the file', () => {
    const text = 'Doc: \'{"Statement": [}\'\n';
    const str = getPath(parseYaml(text).node!, ['Doc']) as ScalarNode;
    const r = parseEmbeddedJson(str);
    expect(r.error?.message).toMatch(/Unexpected '}'/);
    expect(pos(text, r.error!.offset)).toEqual({ line: 1, column: 22 });
  });
});
