// Accessibility: axe-core at WCAG 2.1 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa) on every
// page of each site, in both languages, plus what axe cannot see: every run of Chinese
// characters on an English page sits in an element marked `lang="zh…"` (an untranslated
// block, a Chinese name inside English text, a chart label), and an untranslated section
// says so. axe is added to each page by the driver, so the pages keep their strict CSP.

import { createRequire } from 'node:module';
import { Site } from './site.mjs';
import { Tab, newContext } from './browser.mjs';
import { DESKTOP } from './pages.mjs';
import { PROBE } from './server.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe cannot decide and leaves for a person ("incomplete"), reviewed once and
 *  explained: the rule, axe's reason, the elements it concerns (a CSS selector they sit in)
 *  and how many there are on each site (none on a site not named). A doubt of another rule,
 *  reason or place, or a count that changes, fails the check: it is reviewed and added
 *  here, never only printed. The charts were looked at in Chromium (the years fixture's
 *  /zh/metrics/, both themes): every label stands on the page background, in the text
 *  colour, above its bar or below the axis. */
export const REVIEWED = [
  {
    // Chromium versions differ on which of the two reasons a value label above its bar
    // gets (Debian's 148: all 108 imgNode; the version these counts were first taken
    // with: 8 of them bgOverlap): counted together.
    rule: 'color-contrast', reason: ['imgNode', 'bgOverlap'], within: 'svg.chart',
    why: 'chart labels are SVG text, whose background axe does not compute, or whose box it finds touching another shape of its chart',
    counts: { 'years fixture': 108 },
  },
  {
    rule: 'color-contrast', reason: 'shortTextContent', within: 'svg.chart',
    why: 'a one-character chart label ("0", "5"), too short for axe to judge',
    counts: { 'years fixture': 6 },
  },
  {
    rule: 'color-contrast', reason: 'nonBmp', within: '[aria-hidden="true"]',
    why: 'the ▲/▼ arrow of a change: a symbol axe does not judge, hidden from screen readers, the words beside it ("增加…", "up …") say the same',
    counts: { 'years fixture': 48 },
  },
];

/** Why axe could not decide on `node`: the message key of its first check that gives one. */
function reasonOf(node) {
  const checks = [...node.any, ...node.all, ...node.none];
  return checks.map((c) => c.data?.messageKey ?? c.id).find(Boolean) ?? 'unknown';
}

/** The entry of REVIEWED that covers axe's doubt about `node`, if any. */
async function reviewed(page, rule, node) {
  const reason = reasonOf(node);
  for (const entry of REVIEWED) {
    const reasons = Array.isArray(entry.reason) ? entry.reason : [entry.reason];
    if (entry.rule !== rule || !reasons.includes(reason)) continue;
    const inside = await page.evaluate(
      ([target, within]) => Boolean(document.querySelector(target)?.closest(within)),
      [node.target.join(' '), entry.within],
    );
    if (inside) return entry;
  }
  return null;
}

/** Proves on the probe page that axe and the language check see what they look for. */
export async function probeAccessibility(browser, server) {
  const context = await withAxe(browser);
  const tab = await Tab.open(context);
  await tab.visit(server.origin + PROBE);
  const violations = (await runAxe(tab.page)).violations.map((v) => v.id);
  const marks = await languageMarks(tab.page);
  await context.close();
  const problems = [];
  if (!violations.includes('image-alt')) problems.push(`axe missed the probe's image without alt (saw ${violations.join(', ') || 'nothing'})`);
  if (marks.length !== 1) problems.push(`the language check saw ${marks.length} unmarked Chinese runs on the probe page, not 1`);
  return problems;
}

async function withAxe(browser) {
  const context = await newContext(browser, { viewport: DESKTOP });
  await context.addInitScript({ path: createRequire(import.meta.url).resolve('axe-core') });
  return context;
}

function runAxe(page) {
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    AXE_TAGS,
  );
}

/** Runs axe and the language checks on every page of `site`; returns counts and problems. */
export async function checkAccessibility(browser, site, server) {
  const context = await withAxe(browser);
  const tab = await Tab.open(context);
  const page = tab.page;
  const totals = { pages: 0, untranslated: 0, rules: 0, passes: 0, violations: 0, incomplete: new Map(), kinds: new Set(), problems: [] };
  for (const file of site.pages) {
    const where = `${site.label}: ${file}`;
    const missing = file === '404.html';
    await tab.visit(server.url + (missing ? 'no/such/page/' : Site.urlPath(file)), { expectStatus: missing ? 404 : 200 });
    const results = await runAxe(page);
    totals.pages += 1;
    totals.kinds.add(`${file.split('/')[0].replace(/\.html$/, '')}:${site.kind(file)}`);
    totals.rules += results.passes.length + results.violations.length + results.incomplete.length + results.inapplicable.length;
    totals.passes += results.passes.length;
    totals.violations += results.violations.length;
    for (const v of results.violations) {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      totals.problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ${targets}`);
    }
    for (const i of results.incomplete) {
      for (const node of i.nodes) {
        const entry = await reviewed(page, i.id, node);
        if (entry) {
          totals.incomplete.set(entry, (totals.incomplete.get(entry) ?? 0) + 1);
        } else {
          totals.problems.push(`${where}: axe leaves ${i.id} (${reasonOf(node)}) to review on ${node.target.join(' ')}: ${node.html.slice(0, 80)}; review it and add it to REVIEWED in e2e/a11y.mjs`);
        }
      }
    }
    totals.problems.push(...(await languageMarks(page)).map((p) => `${where}: ${p}`));
    if (file.startsWith('en/') && site.kind(file) === 'section' && /class="notice"/.test(site.read(file))) {
      totals.untranslated += 1;
      totals.problems.push(...(await untranslated(page)).map((p) => `${where}: ${p}`));
    }
    totals.problems.push(...tab.troubles(where));
  }
  await context.close();
  for (const entry of REVIEWED) {
    const expected = entry.counts[site.label] ?? 0;
    const found = totals.incomplete.get(entry) ?? 0;
    if (found !== expected) {
      totals.problems.push(`${site.label}: axe left ${found} × ${entry.rule} (${entry.reason}) within ${entry.within} to review, where ${expected} were reviewed; look at the new ones and update REVIEWED in e2e/a11y.mjs`);
    }
  }
  return totals;
}

/** Han text whose nearest `lang` is not Chinese, in text and in the attributes people hear. */
function languageMarks(page) {
  return page.evaluate(() => {
    const han = /\p{Script=Han}/u;
    const chinese = (el) => (el.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase().startsWith('zh');
    const name = (el) => `<${el.localName}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}>`;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (han.test(node.data) && !chinese(node.parentElement)) {
        out.push(`Chinese text not marked lang="zh-CN" in ${name(node.parentElement)}: "${node.data.trim().slice(0, 30)}"`);
      }
    }
    for (const el of document.body.querySelectorAll('[alt], [title], [aria-label], [placeholder]')) {
      for (const attr of ['alt', 'title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute(attr);
        if (value && han.test(value) && !chinese(el)) {
          out.push(`Chinese ${attr} not marked lang="zh-CN" on ${name(el)}: "${value.slice(0, 30)}"`);
        }
      }
    }
    return out;
  });
}

/** An English page showing a section's Chinese text: the notice, and the text marked Chinese. */
function untranslated(page) {
  return page.evaluate(() => {
    const out = [];
    const notice = document.querySelector('.notice');
    if (!notice || !/[a-z]/i.test(notice.textContent)) out.push('no "not yet translated" notice in English');
    const prose = document.querySelector('.prose');
    if (!prose || !(prose.getAttribute('lang') ?? '').startsWith('zh')) out.push('the untranslated text is not marked lang="zh-CN"');
    return out;
  });
}
