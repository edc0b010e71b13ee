// Reading on every device (issue 17): the built site opened from disk (`file://`), search
// included; the text-size control (elder-friendly mode, 适老化) switched on, kept across pages,
// reachable without JavaScript and clean under axe's AAA contrast rule; 200% text at 320 and
// 375 px with nothing scrolling sideways on any kind of page; and the title of a section page
// within the first 30% of a 375×812 phone screen.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { Site } from './site.mjs';
import { Tab, newContext } from './browser.mjs';
import { DESKTOP, overflow } from './pages.mjs';

const PHONE_812 = { width: 375, height: 812 };

/** One page of each kind in each language: `[['zh:section', 'zh/2018/x/index.html'], …]`. */
export function pageKinds(site) {
  const seen = new Map();
  for (const file of site.pages) {
    const key = `${file.includes('/') ? file.split('/')[0] : 'root'}:${site.kind(file)}`;
    if (!seen.has(key)) seen.set(key, file);
  }
  return [...seen];
}

/** Runs the reading checks on the bundled report served at `server`; returns `{ lines, problems }`. */
export async function checkReading(browser, site, server) {
  const problems = [];
  const lines = [];
  problems.push(...(await fromDisk(browser, site)));
  lines.push(`${site.label}: opened from disk, landing → section and a search result`);
  problems.push(...(await elderMode(browser, site, server)));
  lines.push(`${site.label}: text size A+ kept across pages, without JavaScript by #text-large, axe AAA contrast in that mode`);
  const zoomed = await largeText(browser, site, server);
  problems.push(...zoomed.problems);
  lines.push(`${site.label}: 200% text at 320 and 375 px on ${zoomed.pages} kinds of page`);
  problems.push(...(await titleOnFirstScreen(browser, site, server)));
  lines.push(`${site.label}: section titles within the first 30% of a 375×812 screen`);
  return { lines, problems };
}

/** From `public/index.html` opened as a file: a language home, a year, a section; then a
 *  search from the header, and its first result. Every page must be a page, not a folder. */
async function fromDisk(browser, site) {
  const problems = [];
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const where = `${site.label} from disk`;
  try {
    await page.goto(pathToFileURL(path.join(site.root, 'index.html')).href);
    const step = async (selector, kind) => {
      await Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]);
      const found = await page.evaluate(() => document.body?.className ?? '');
      if (!found.includes(`page-${kind}`)) {
        throw new Error(`${selector} opened ${page.url()} (${found || 'not a page: a folder listing?'}), expected a ${kind} page`);
      }
    };
    await step('.landing-lang a.button', 'home');
    await step('.year-list h3 a', 'year');
    await step('.section-list a', 'section');
    await page.fill('#site-search-q', '大调研');
    await Promise.all([page.waitForNavigation(), page.press('#site-search-q', 'Enter')]);
    await page.waitForSelector('#search-results li a', { timeout: 5000 });
    const query = await page.inputValue('#search-query');
    if (query !== '大调研') problems.push(`${where}: the search page shows the query "${query}"`);
    const other = await page.getAttribute('.lang-switch a[hreflang="en"]', 'href');
    if (!other?.includes('?q=%E5%A4%A7%E8%B0%83%E7%A0%94')) problems.push(`${where}: the language switch drops the query (${other})`);
    await step('#search-results li a', 'section');
  } catch (err) {
    problems.push(`${where}: ${err.message.split('\n')[0]}`);
  }
  problems.push(...errors.map((e) => `${where}: uncaught ${e}`));
  await context.close();
  return problems;
}

async function withAxe(browser, options) {
  const context = await newContext(browser, options);
  await context.addInitScript({ path: createRequire(import.meta.url).resolve('axe-core') });
  return context;
}

/** A+ on a section page: larger text, kept on the next page and on another kind of page;
 *  every kind of page is then axe-clean at AA and under the AAA contrast rule; on a phone
 *  the body text is at least 18 px and no text under 14 px. Without JavaScript, #text-large
 *  enlarges the page it is on. */
async function elderMode(browser, site, server) {
  const problems = [];
  const context = await withAxe(browser, { viewport: { width: 375, height: 812 } });
  const tab = await Tab.open(context);
  const page = tab.page;
  const section = site.pages.find((f) => site.kind(f) === 'section' && f.startsWith('zh/'));
  await tab.visit(server.url + section);
  await page.click('a[data-text-size="large"]');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  if ((await size()) < 19.9) problems.push(`${site.label}: A+ left the text at ${await size()} px`);
  await Promise.all([page.waitForNavigation(), page.click('a[rel="next"]')]);
  if ((await size()) < 19.9) problems.push(`${site.label}: A+ was not kept on the next page`);
  for (const [kind, file] of pageKinds(site)) {
    const where = `${site.label}: ${file} in elder mode`;
    const missing = file === '404.html';
    await tab.visit(server.url + (missing ? 'no/such/page/' : file), { expectStatus: missing ? 404 : 200 });
    if ((await size()) < 19.9) problems.push(`${where}: the larger text was not kept`);
    const results = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag2aaa'] },
      rules: { 'identical-links-same-purpose': { enabled: false } },
      resultTypes: ['violations'],
    }));
    for (const v of results.violations) {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      problems.push(`${where}: axe ${v.id}: ${v.help}; ${v.nodes.length} element(s): ${targets}`);
    }
    const sizes = await page.evaluate(() => {
      const body = parseFloat(getComputedStyle(document.querySelector('.prose p') ?? document.body).fontSize);
      let smallest = Infinity;
      let what = '';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.data.trim() || !el.checkVisibility?.() || el.closest('svg, .visually-hidden')) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < smallest) { smallest = px; what = `<${el.localName}.${el.className}> "${n.data.trim().slice(0, 20)}"`; }
      }
      return { body, smallest, what };
    });
    if (sizes.body < 18) problems.push(`${where}: body text ${sizes.body} px on a phone, want 18 or more`);
    if (sizes.smallest < 14) problems.push(`${where}: text of ${sizes.smallest} px (${sizes.what}), want 14 or more`);
    problems.push(...tab.troubles(where));
  }
  await context.close();
  const plain = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(server.url + section + '#text-large');
  const px = await noJs.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  if (px < 19.9) problems.push(`${site.label}: without JavaScript, #text-large leaves the text at ${px} px`);
  await plain.close();
  return problems;
}

/** Every kind of page at 320 and 375 px with text at 200% (the root font size doubled, as
 *  a browser's text-size setting does): nothing scrolls sideways. */
async function largeText(browser, site, server) {
  const problems = [];
  const kinds = pageKinds(site);
  for (const width of [320, 375]) {
    const context = await newContext(browser, { viewport: { width, height: 800 } });
    await context.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.setProperty('font-size', '200%'); });
    });
    const page = await context.newPage();
    for (const [, file] of kinds) {
      const missing = file === '404.html';
      await page.goto(server.url + (missing ? 'no/such/page/' : file));
      for (const open of [false, true]) {
        if (open) await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        problems.push(...(await overflow(page)).map((p) => `${site.label}: ${file} at ${width} px, 200% text${open ? ', menu open' : ''}: ${p}`));
      }
    }
    await context.close();
  }
  return { pages: kinds.length, problems };
}

/** On a 375×812 phone the section's title starts within the first 30% of the screen. */
async function titleOnFirstScreen(browser, site, server) {
  const problems = [];
  const context = await newContext(browser, { viewport: PHONE_812 });
  const page = await context.newPage();
  for (const file of site.pages.filter((f) => site.kind(f) === 'section').slice(0, 4)) {
    await page.goto(server.url + file);
    const top = await page.evaluate(() => document.querySelector('main h1').getBoundingClientRect().top);
    if (top > 0.3 * PHONE_812.height) problems.push(`${site.label}: ${file}: the title starts at ${Math.round(top)} px of 812`);
  }
  await context.close();
  return problems;
}

export { Site };
