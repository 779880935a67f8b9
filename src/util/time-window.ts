import { UsageError } from '../normalize/diagnostic.js';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * `--since` / `--until`: an ISO time (`2026-11-01`, `2026-11-01T05:00:00Z`) or a duration before `now`
 * (`90m`, `12h`, `7d`, `2w`). Returns ms since the epoch.
 */
export function parseTimeBound(flag: string, value: string, now: number = Date.now()): number {
  const d = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  if (d) return now - Number(d[1]) * (UNIT_MS[d[2] as string] as number);
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new UsageError(
      `${flag} ${value}: expected an ISO time such as 2026-11-01T00:00:00Z or a duration such as 90m, 12h, 7d`,
    );
  }
  return t;
}

export interface TimeWindow {
  since?: number;
  until?: number;
}

export function inWindow(window: TimeWindow, timeMs: number): boolean {
  if (window.since !== undefined && timeMs < window.since) return false;
  if (window.until !== undefined && timeMs > window.until) return false;
  return true;
}
