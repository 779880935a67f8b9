import { describe, expect, it } from 'vitest';
import { childPath, keyPath, parentPath } from './path.js';

describe('JSON paths', () => {
  it('write elements, indexes and keys the way the style guide shows them', () => {
    // Given nested places in a policy, When their paths are built, Then they read like the documents
    expect(childPath(childPath(childPath('', 'Statement'), 1), 'Action')).toBe('Statement[1].Action');
    expect(childPath('Statement[1].Action', 0)).toBe('Statement[1].Action[0]');
    expect(keyPath('Statement[0]', 'Principal')).toBe('Statement[0].#Principal');
    expect(keyPath('', 'Foo')).toBe('#Foo');
    expect(childPath('Statement[0].Condition.StringEquals', 'aws:PrincipalTag/team')).toBe(
      'Statement[0].Condition.StringEquals.aws:PrincipalTag/team',
    );
  });

  it('quote keys that would make a path ambiguous', () => {
    expect(childPath('C', 'a.b')).toBe('C."a.b"');
    expect(childPath('C', 'with space')).toBe('C."with space"');
    expect(keyPath('C', 'x[0]')).toBe('C.#"x[0]"');
  });

  it('walk up one level at a time, also over quoted keys', () => {
    expect(parentPath('Statement[1].Action[0]')).toBe('Statement[1].Action');
    expect(parentPath('Statement[1].Action')).toBe('Statement[1]');
    expect(parentPath('Statement[1]')).toBe('Statement');
    expect(parentPath('Statement')).toBe('');
    expect(parentPath('')).toBeUndefined();
    expect(parentPath('C.S."a.b"')).toBe('C.S');
    expect(parentPath('Statement[0].#Effect')).toBe('Statement[0]');
  });
});
