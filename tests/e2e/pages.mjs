// Every page of a site as a visitor opens it, served with the strict Content-Security-Policy:
// at desktop width and at 360 px, no console error, no failed request, no CSP violation, the
// page's language declared, nothing wider than a phone's screen, and a language switch that
// lands on the same page in the other language.

import { Site } from './site.mjs';
import { Tab, newContext } from './browser.mjs';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

const TAGS = { zh: 'zh-CN', en: 'en' };

/** Checks every page of `site`, served at `server`; returns `{ visits, switches, problems }`. */
export async function checkPages(browser, site, server) {
  const desktop = await newContext(browser, { viewport: DESKTOP });
  const phone = await newContext(browser, { viewport: PHONE });
  const wide = await Tab.open(desktop);
  const narrow = await Tab.open(phone);
  const problems = [];
  let visits = 0;
  let switches = 0;
  // The two widths load side by side: most of a visit is waiting, not computing.
  for (const file of site.pages) {
    const where = `${site.label}: ${file}`;
    const url = server.url + Site.urlPath(file);
    const missing = file === '404.html';
    const atDesktop = async () => {
      await wide.visit(missing ? server.url + 'no/such/page/' : url, { expectStatus: missing ? 404 : 200 });
      const found = (await declared(wide.page, file)).map((p) => `${where}: ${p}`);
      found.push(...wide.troubles(where));
      switches += await languageSwitch(wide, site, file, server, found);
      return found;
    };
    const onPhone = async () => {
      await narrow.visit(url);
      const found = (await overflow(narrow.page)).map((p) => `${where} at ${PHONE.width} px: ${p}`);
      return [...found, ...narrow.troubles(`${where} at ${PHONE.width} px`)];
    };
    for (const found of await Promise.all([atDesktop(), onPhone()])) problems.push(...found);
    visits += 2;
  }
  await desktop.close();
  await phone.close();
  return { visits, switches, problems };
}

/** The page's language, title and stylesheet are there. */
async function declared(page, file) {
  const found = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title.trim(),
    styled: [...document.styleSheets].some((s) => s.cssRules.length > 0),
    alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => l.hreflang),
  }));
  const problems = [];
  const code = file.split('/')[0];
  if (TAGS[code] && found.lang !== TAGS[code]) problems.push(`<html lang="${found.lang}">, expected "${TAGS[code]}"`);
  if (!found.lang) problems.push('no <html lang>');
  if (!found.title) problems.push('empty <title>');
  if (!found.styled) problems.push('the stylesheet did not load');
  if (TAGS[code] && !Object.values(TAGS).every((t) => found.alternates.includes(t))) {
    problems.push(`hreflang alternates ${JSON.stringify(found.alternates)}, expected zh-CN and en`);
  }
  return problems;
}

/** Clicks the switch to the other language and checks it lands on the same page there. */
async function languageSwitch(tab, site, file, server, problems) {
  const code = file.split('/')[0];
  if (!TAGS[code]) return 0;
  const where = `${site.label}: ${file}: the language switch`;
  const other = code === 'zh' ? 'en' : 'zh';
  // Pages link to their index.html files (the default `--links files`).
  const expected = server.url + other + file.slice(code.length);
  const link = tab.page.locator(`.lang-switch a[hreflang="${TAGS[other]}"]`);
  if ((await link.count()) !== 1) {
    problems.push(`${where}: expected one link to ${other}, found ${await link.count()}`);
    return 0;
  }
  tab.watch = Tab.fresh(200, expected);
  await link.click();
  try {
    await tab.page.waitForURL(expected, { timeout: 5000 });
  } catch {
    problems.push(`${where} went to ${tab.page.url()}, expected ${expected}`);
    return 0;
  }
  await tab.settle();
  const lang = await tab.page.evaluate(() => document.documentElement.lang);
  if (lang !== TAGS[other]) problems.push(`${where} landed on lang="${lang}"`);
  problems.push(...tab.troubles(where));
  return 1;
}

/** Nothing makes the page wider than the window; names the widest culprits if something does. */
export async function overflow(page) {
  return page.evaluate(() => {
    const root = document.scrollingElement;
    const width = window.innerWidth;
    if (root.scrollWidth <= width && root.scrollWidth <= root.clientWidth) return [];
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (/(auto|scroll|hidden|clip)/.test(style.overflowX)) return true;
      }
      return false;
    };
    // An element sticking out of the window, or one whose text sticks out of it.
    const sticksOut = (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 ||
      (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0);
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && !scrolls(el) && ![...el.children].some(sticksOut))
      .slice(0, 5)
      .map((el) => {
        const id = el.id ? `#${el.id}` : '';
        const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
        return `<${el.localName}${id}${cls}> right edge ${Math.round(el.getBoundingClientRect().right)} px`;
      });
    return [`scrolls sideways: ${root.scrollWidth} px wide in a ${width} px window (${culprits.join('; ') || 'no culprit found'})`];
  });
}
