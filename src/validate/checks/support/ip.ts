/** IP addresses and CIDR ranges as condition values carry them (`203.0.113.0/24`, `2001:db8::/32`). */

export interface Cidr {
  version: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  prefix: number;
}

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else all = head;
  if (all.length !== 8) return undefined;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** A CIDR range or a single address (full-length prefix); undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const v4 = parseV4(address);
  const bytes = v4 ?? parseV6(address);
  if (!bytes) return undefined;
  const version = v4 ? 4 : 6;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  return { version, bytes, prefix };
}

/** Does the range have address bits set beyond its prefix (`10.0.0.1/8`)? */
export function hasHostBits(cidr: Cidr): boolean {
  for (let bit = cidr.prefix; bit < cidr.bytes.length * 8; bit++) {
    if (((cidr.bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1) return true;
  }
  return false;
}

/** The range with its host bits cleared, as text. */
export function networkOf(cidr: Cidr): string {
  const bytes = cidr.bytes.map((b, i) => {
    const start = i * 8;
    if (start >= cidr.prefix) return 0;
    const keep = Math.min(8, cidr.prefix - start);
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  if (cidr.version === 4) return `${bytes.join('.')}/${cidr.prefix}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${cidr.prefix}`;
}

/** Private ranges: RFC 1918 for IPv4, unique local addresses (RFC 4193) for IPv6. */
const PRIVATE: Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map(
  (t) => parseCidr(t) as Cidr,
);

function within(inner: Cidr, outer: Cidr): boolean {
  if (inner.version !== outer.version || inner.prefix < outer.prefix) return false;
  for (let bit = 0; bit < outer.prefix; bit++) {
    const a = ((inner.bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1;
    const b = ((outer.bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1;
    if (a !== b) return false;
  }
  return true;
}

/** Is the whole range private? */
export function isPrivateRange(cidr: Cidr): boolean {
  return PRIVATE.some((p) => within(cidr, p));
}
