/**
 * IP address operators: the policy value is an IPv4 or IPv6 address or CIDR range (`203.0.113.0/24`,
 * `2001:DB8:1234:5678::/64`); an address without a prefix means that one address (/32 or /128). Host
 * bits set in a range are ignored. IPv4 and IPv6 never match each other. No policy variables.
 */
import { literalOperator } from './literal.js';
import type { OperatorDefinition } from './types.js';

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(text: string): bigint | undefined {
  let t = text;
  // An embedded IPv4 address in the last 32 bits (`::ffff:192.0.2.1`) becomes two hex groups.
  const lastColon = t.lastIndexOf(':');
  if (t.includes('.', lastColon)) {
    const v4 = parseIpv4(t.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    t = `${t.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (known > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest];
  } else {
    if (known !== 8) return undefined;
    groups = head;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** An IPv4 or IPv6 address, or undefined. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseIpv6(t);
    return v === undefined ? undefined : { version: 6, value: v };
  }
  const v = parseIpv4(t);
  return v === undefined ? undefined : { version: 4, value: v };
}

export interface IpRange {
  version: 4 | 6;
  network: bigint;
  mask: bigint;
}

/** A CIDR range (or single address), or undefined when the text is not one. */
export function parseCidr(text: string): IpRange | undefined {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const all = (1n << BigInt(bits)) - 1n;
  const mask = all ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { version: ip.version, network: ip.value & mask, mask };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  return ip.version === range.version && (ip.value & range.mask) === range.network;
}

function ipOperator(name: string, negated: boolean): OperatorDefinition {
  return literalOperator({
    name,
    negated,
    expected: 'an IP address or CIDR range such as 203.0.113.0/24',
    readPolicyValue: parseCidr,
    readRequestValue: parseIp,
    matches: inRange,
  });
}

export const ipAddressOperators: OperatorDefinition[] = [
  ipOperator('IpAddress', false),
  ipOperator('NotIpAddress', true),
];
