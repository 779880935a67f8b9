/**
 * OTLP JSON attribute values (`AnyValue`): `{"stringValue": "x"}`, `{"intValue": "42"}` (64-bit integers are
 * strings in OTLP JSON), `{"doubleValue": 1.5}`, `{"boolValue": true}`, `{"arrayValue": {"values": [...]}}`,
 * `{"kvlistValue": {"values": [{"key", "value"}]}}`, `{"bytesValue": "<base64>"}`. Decoded to plain JSON values.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One AnyValue as a plain value; undefined for an empty or unknown one. */
export function decodeAnyValue(value: unknown, depth = 0): unknown {
  if (!isObject(value) || depth > 32) return undefined;
  if ('stringValue' in value) return typeof value.stringValue === 'string' ? value.stringValue : undefined;
  if ('boolValue' in value) return typeof value.boolValue === 'boolean' ? value.boolValue : undefined;
  if ('intValue' in value) {
    const v = value.intValue;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : v;
    }
    return undefined;
  }
  if ('doubleValue' in value) {
    const v = value.doubleValue;
    return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
  }
  if ('arrayValue' in value) {
    const values =
      isObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map((v) => decodeAnyValue(v, depth + 1)).filter((v) => v !== undefined);
  }
  if ('kvlistValue' in value) {
    const values =
      isObject(value.kvlistValue) && Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    return decodeAttributes(values, depth + 1);
  }
  if ('bytesValue' in value) return typeof value.bytesValue === 'string' ? value.bytesValue : undefined;
  return undefined;
}

/** `[{"key": "k", "value": AnyValue}, ...]` -> `{k: value}`; entries without a key or value are left out. */
export function decodeAttributes(list: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const v = decodeAnyValue(kv.value, depth);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}
