/**
 * The HTML report renders in headless Chromium with its charts: a screenshot is taken and decoded, and must
 * hold the charts' colours. Skipped when no Chromium is installed (CI installs Debian's `chromium`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLORS } from '../../src/report/audit-charts.js';
import { cli, EXAMPLES, REPO } from '../helpers.js';
import { colourCount, decodePng, isPng, pixelsNear } from './png.js';

const DUMP = join(REPO, 'test', 'audit', 'fixtures', 'notes-authorization-details.json');

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return undefined;
}

const CHROMIUM = findChromium();
const dir = mkdtempSync(join(tmpdir(), 'leastpriv-html-'));
const html = join(dir, 'audit.html');
let page = '';

beforeAll(() => {
  const run = cli(['audit', '--granted', DUMP, '--out', html, EXAMPLES]);
  expect(run.status).toBe(0);
  page = readFileSync(html, 'utf8');
});

describe('the HTML report', () => {
  it('is one self-contained page: no script, no stylesheet or image fetched', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // The only URLs are SVG namespace declarations, which are names, not requests
    const urls = page.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(page).toContain('Content-Security-Policy" content="default-src \'none\'');
    // The three charts are there
    expect(page).toContain('aria-label="Used versus granted actions per principal"');
    expect(page).toContain('aria-label="Usage timeline"');
    expect(page).toContain('aria-label="Risk findings by category and severity"');
  });

  it.skipIf(!CHROMIUM)(
    `renders in headless Chromium with its charts${CHROMIUM ? '' : ' (skipped: no chromium binary; apt-get install -y chromium)'}`,
    () => {
      const png = join(dir, 'audit.png');
      const r = spawnSync(
        CHROMIUM!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--screenshot=${png}`,
          '--window-size=1200,1600',
          `file://${html}`,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(existsSync(png), r.stderr).toBe(true);
      const bytes = readFileSync(png);
      expect(isPng(bytes)).toBe(true);
      const img = decodePng(bytes);
      expect([img.width, img.height]).toEqual([1200, 1600]);
      // Not blank: many colours, and the charts' own fills are painted
      expect(colourCount(img)).toBeGreaterThan(50);
      expect(pixelsNear(img, COLORS.used)).toBeGreaterThan(500);
      expect(pixelsNear(img, COLORS.unused)).toBeGreaterThan(500);
      expect(pixelsNear(img, COLORS.high)).toBeGreaterThan(200);
    },
  );
});
