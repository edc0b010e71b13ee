// Debian's headless Chromium, driven by playwright-core, and a watch on each page a check
// opens: console errors, uncaught exceptions, failed or refused requests, and
// Content-Security-Policy violations (both the `securitypolicyviolation` events the page
// fires and the messages Chromium logs).

import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which this closed
// network refuses.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium. Playwright gives it a fresh, temporary `--user-data-dir` of its own. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM`);
  }
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (err) {
    throw new Error(`playwright-core is missing: run \`npm ci\` at the repository root (${err.message})`);
  }
  return playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A browser context whose tabs report CSP violations to their watch. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  await context.exposeBinding('__nianbaoViolation', ({ page }, violation) => {
    page.__nianbaoTab?.watch.violations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__nianbaoViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return context;
}

/** One browser tab, reused from page to page (a new tab costs more than the page it shows),
 *  with a watch that `visit` starts afresh. */
export class Tab {
  static async open(context) {
    return new Tab(await context.newPage());
  }

  constructor(page) {
    this.page = page;
    this.watch = Tab.fresh(200);
    page.__nianbaoTab = this;
    page.on('console', (msg) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      // The not-found page is meant to come with a 404; Chromium logs that as an error.
      const expected404 = this.watch.expectStatus === 404 && /status of 404/.test(msg.text()) &&
        msg.location().url === this.watch.url;
      if (!expected404) this.watch.console.push(`console ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.watch.errors.push(`uncaught: ${err.message}`));
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(this.watch.origin + '/') && !u.startsWith('data:')) {
        this.watch.requests.push(`request leaves the site: ${u}`);
      }
    });
    page.on('requestfailed', (req) => {
      // ERR_ABORTED is the browser dropping a request because the tab moved on (a favicon
      // still loading when a link is followed); a resource the page needs and cannot get
      // fails with a status or another error.
      const error = req.failure()?.errorText ?? '';
      if (error !== 'net::ERR_ABORTED') this.watch.requests.push(`request failed: ${req.url()} (${error})`);
    });
    page.on('response', (res) => {
      const main = res.request().isNavigationRequest() && res.request().frame() === page.mainFrame();
      const wanted = main && res.url() === this.watch.url ? this.watch.expectStatus : 200;
      if (res.status() !== wanted && !(res.status() >= 300 && res.status() < 400)) {
        this.watch.requests.push(`HTTP ${res.status()} for ${res.url()}${main ? ` (expected ${wanted})` : ''}`);
      }
    });
  }

  static fresh(expectStatus, url = '') {
    const origin = url ? new URL(url).origin : '';
    return { url, origin, expectStatus, console: [], errors: [], requests: [], violations: [] };
  }

  /** Opens `url` and waits for it to load. `expectStatus`: the page's own status (404 for
   *  the not-found page). */
  async visit(url, { expectStatus = 200 } = {}) {
    this.watch = Tab.fresh(expectStatus, url);
    await this.page.goto(url, { waitUntil: 'load' });
    await this.settle();
    return this.page;
  }

  /** Lets violation reports queued during loading arrive. */
  async settle() {
    await this.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  /** Everything the watch recorded since the last visit, as problem lines naming `where`. */
  troubles(where) {
    const w = this.watch;
    return [
      ...w.violations.map((v) => `CSP violation: ${v}`),
      ...w.console,
      ...w.errors,
      ...w.requests,
    ].map((line) => `${where}: ${line}`);
  }

  async close() {
    await this.page.close();
  }
}
