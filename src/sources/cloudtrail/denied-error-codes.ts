/**
 * Which CloudTrail error codes mean "refused by authorization". The knowledge is data, in
 * `data/denied-error-codes.json` (schema in `data/README.md`); this module loads it once and applies it.
 */
import { readFileSync } from 'node:fs';
import type { Outcome } from '../../normalize/activity-record.js';

export interface DeniedCodeEntry {
  code: string;
  source: string;
  note?: string;
}

export interface MessageMarkerEntry {
  marker: string;
  source: string;
  note?: string;
}

/** The file as written. */
export interface DeniedErrorCodesFile {
  description?: string;
  codes: DeniedCodeEntry[];
  notDenied: DeniedCodeEntry[];
  messageMarkers: MessageMarkerEntry[];
}

/** The table ready for lookups. Immutable once built. */
export interface DeniedErrorTable {
  readonly denied: ReadonlySet<string>;
  readonly notDenied: ReadonlySet<string>;
  /** Lower-cased, matched case-insensitively. */
  readonly markers: readonly string[];
}

const DATA_URL = new URL('../../../data/denied-error-codes.json', import.meta.url);

let cached: DeniedErrorTable | undefined;

/** The repository table, loaded on first use (the same relative path works from `src/` and `dist/`). */
export function deniedErrorTable(): DeniedErrorTable {
  cached ??= buildDeniedErrorTable(readDeniedErrorCodesFile());
  return cached;
}

export function readDeniedErrorCodesFile(): DeniedErrorCodesFile {
  return JSON.parse(readFileSync(DATA_URL, 'utf8')) as DeniedErrorCodesFile;
}

export function buildDeniedErrorTable(file: DeniedErrorCodesFile): DeniedErrorTable {
  return {
    denied: new Set(file.codes.map((e) => e.code)),
    notDenied: new Set(file.notDenied.map((e) => e.code)),
    markers: file.messageMarkers.map((e) => e.marker.toLowerCase()),
  };
}

/**
 * The outcome of a call from its `errorCode` and `errorMessage`: no code is a success; a code in the table
 * is a denial; a code listed as not-denied is an error whatever its message says; otherwise the message
 * decides (`... is not authorized to perform ...`).
 */
export function classifyOutcome(
  errorCode: string | undefined,
  errorMessage: string | undefined,
  table: DeniedErrorTable,
): Outcome {
  if (errorCode === undefined) return SUCCESS;
  if (table.denied.has(errorCode)) return withMessage('denied', errorCode, errorMessage);
  if (!table.notDenied.has(errorCode) && errorMessage !== undefined) {
    const lower = errorMessage.toLowerCase();
    for (const marker of table.markers) {
      if (lower.includes(marker)) return withMessage('denied', errorCode, errorMessage);
    }
  }
  return withMessage('error', errorCode, errorMessage);
}

const SUCCESS: Outcome = Object.freeze({ kind: 'success' });

function withMessage(kind: 'denied' | 'error', errorCode: string, errorMessage: string | undefined): Outcome {
  return errorMessage === undefined ? { kind, errorCode } : { kind, errorCode, errorMessage };
}
