import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

/*
 * A real headless Chromium for browser tests (the operations console; later the staff web app):
 * Debian's chromium, which `npm test` installs when missing (infra/components/chromium.js), driven
 * by puppeteer-core. Each test file launches its own browser and closes it.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The browser binary: CHROMIUM_PATH, or what infra/components/chromium.js finds on PATH. */
export function chromiumPath(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the infra scripts are CommonJS outside the TypeScript projects
  const { findChromium } = require(path.join(REPO_ROOT, 'infra', 'components', 'chromium.js')) as { findChromium(): string | null };
  const bin = findChromium();
  if (!bin) throw new Error('no Chromium found: npm test installs Debian\'s chromium, or set CHROMIUM_PATH');
  return bin;
}

/**
 * Chromium slows a tab that is not in front (timers, rendering; a screenshot of it can wait for
 * ever): a test that drives two pages side by side, one watching live, passes these.
 */
export const KEEP_BACKGROUND_PAGES_RUNNING = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

/** Launches headless Chromium (no sandbox: tests run as root in a container), with `extraArgs` if given. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // puppeteer-core 24 (25 is an ES module only, which Jest's CommonJS module system cannot load).
  const puppeteer = (await import('puppeteer-core')).default;
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-extensions', ...extraArgs],
  });
}

/** A page that fails the test on an uncaught script error or a console error the page logs. */
export async function strictPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${(error as Error).message}`));
  page.on('console', (message) => {
    // A refused request (a 403 or 422 the page shows) is logged by Chromium as a resource error: not a script error.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console error: ${message.text()}`);
  });
  return { page, errors };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs the axe-core accessibility rules (WCAG 2.1 A and AA) on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  // Runs in the page (a string, so this file needs no DOM types).
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  })()`)) as AxeViolation[];
  return violations;
}
