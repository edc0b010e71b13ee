// What a visitor does, click by click, in the strict-CSP browser: enter from the landing page,
// open a year, read its sections in order with previous / next, climb back up the
// breadcrumbs, switch years, skip to the content from the keyboard, and land on the not-found
// page. Each journey is one entry of JOURNEYS; a new feature adds its own (search: open the
// search page, type a Chinese substring and an English prefix, expect results that link to
// sections).

import { Tab, newContext } from './browser.mjs';
import { DESKTOP } from './pages.mjs';

const LANGS = ['zh', 'en'];

/** `site`: which built site the journey runs on (`report`, `years`). */
export const JOURNEYS = [
  {
    name: 'the landing page leads to both language homes',
    site: 'report',
    async run(t) {
      for (const lang of LANGS) {
        const page = await t.open('');
        await t.follow(page, `.landing-lang a.button[href^="${lang}/"]`, `${lang}/`);
      }
    },
  },
  {
    name: 'home, year cover, every section by next and back by previous',
    site: 'report',
    async run(t) {
      for (const lang of LANGS) {
        const page = await t.open(`${lang}/`);
        const year = await page.locator('.year-list h3 a').first().getAttribute('href');
        const cover = t.path(page, year);
        await t.follow(page, '.year-list h3 a', cover);
        const contents = await page.locator('.section-list a').evaluateAll((as) => as.map((a) => a.href));
        const sections = t.site.pages.filter((f) => f.startsWith(cover) && t.site.kind(f) === 'section');
        t.expect(contents.length === sections.length && contents.length > 0,
          `${cover}: the contents list ${contents.length} sections, the site has ${sections.length}`);
        const order = contents.map((href) => t.path(page, href));
        await t.follow(page, '.section-list a', order[0]);
        for (const next of order.slice(1)) await t.follow(page, 'a[rel="next"]', next);
        t.expect((await page.locator('a[rel="next"]').count()) === 0, `${order.at(-1)}: the last section links to a next one`);
        for (const prev of order.slice(0, -1).reverse()) await t.follow(page, 'a[rel="prev"]', prev);
        t.expect((await page.locator('a[rel="prev"]').count()) === 0, `${order[0]}: the first section links to a previous one`);
        await t.follow(page, '.breadcrumbs li:nth-child(2) a', cover);
        await t.follow(page, '.section-list a >> nth=-1', order.at(-1));
        await t.follow(page, '.breadcrumbs li:first-child a', `${lang}/`);
        await t.follow(page, '.brand', `${lang}/`);
      }
    },
  },
  {
    name: 'the year switch lands on the same section in another year',
    site: 'years',
    async run(t) {
      for (const lang of LANGS) {
        const page = await t.open(`${lang}/2017/survey/`);
        const current = page.locator('.years-switch a[aria-current]');
        t.expect((await current.textContent())?.trim() === '2017', `${lang}/2017/survey/: the year switch does not mark 2017 as current`);
        await t.follow(page, '.years-switch a >> text=2018', `${lang}/2018/survey/`);
        await t.follow(page, '.years-switch a >> text=2016', `${lang}/2016/survey/`);
        await t.follow(page, '.years-switch a >> text=2017', `${lang}/2017/survey/`);
      }
    },
  },
  {
    name: 'the keyboard reaches the skip link first, and it moves focus to the content',
    site: 'report',
    async run(t) {
      for (const lang of LANGS) {
        const page = await t.open(`${lang}/2018/`);
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => document.activeElement.className);
        t.expect(first === 'skip-link', `${lang}/2018/: the first Tab focuses "${first}", not the skip link`);
        await page.keyboard.press('Enter');
        const focused = await page.evaluate(() => document.activeElement.id);
        t.expect(focused === 'main', `${lang}/2018/: the skip link moves focus to "${focused}", not <main>`);
      }
    },
  },
  {
    name: 'a missing page shows the styled not-found page, whose first link goes to the Chinese home',
    site: 'report',
    async run(t) {
      const page = await t.open('zh/2018/no-such-section/', { expectStatus: 404 });
      t.expect(await page.evaluate(() => document.body.classList.contains('page-404')), 'the 404 page is not the theme\'s');
      await t.follow(page, '.not-found a.button', 'zh/');
    },
  },
];

/** Runs every journey whose site was given; returns `{ journeys, steps, notRun, problems }`. */
export async function runJourneys(browser, sites, servers) {
  const context = await newContext(browser, { viewport: DESKTOP });
  const tab = await Tab.open(context);
  const problems = [];
  const notRun = [];
  let steps = 0;
  let journeys = 0;
  for (const journey of JOURNEYS) {
    const site = sites[journey.site];
    if (!site) {
      notRun.push(`"${journey.name}" (needs --${journey.site})`);
      continue;
    }
    const t = new Traveller(tab, site, servers[journey.site], journey.name);
    try {
      await journey.run(t);
    } catch (err) {
      t.problems.push(`${journey.name}: ${err.message.split('\n')[0]}`);
    }
    t.flush();
    problems.push(...t.problems);
    steps += t.steps;
    journeys += 1;
  }
  await context.close();
  return { journeys, steps, notRun, problems };
}

/** What a journey can do: open a page, follow a link to where it must land, expect things. */
class Traveller {
  constructor(tab, site, server, name) {
    Object.assign(this, { tab, site, server, name, problems: [], steps: 0, where: '' });
  }

  async open(sitePath, options) {
    this.flush();
    await this.tab.visit(this.server.url + sitePath, options);
    this.where = `${this.name}: ${this.site.label}: ${sitePath || '/'}`;
    this.steps += 1;
    return this.tab.page;
  }

  /** The site path of an address: `http://127.0.0.1:8/reports/zh/` -> `zh/`. */
  path(page, href) {
    const full = new URL(href, page.url()).pathname.replace(/(^|\/)index\.html$/, '$1');
    return full.startsWith(this.site.basePath) ? full.slice(this.site.basePath.length) : full;
  }

  /** Clicks the first element `selector` matches and checks the page lands on `sitePath`. */
  async follow(page, selector, sitePath) {
    const from = this.path(page, page.url());
    const link = page.locator(selector).first();
    if ((await link.count()) === 0) {
      throw new Error(`${from}: nothing matches ${selector}`);
    }
    await link.click();
    // Pages link to `…/index.html` (the default `--links files`): the folder is the same page.
    const expected = this.server.url + sitePath;
    try {
      await page.waitForURL((url) => url.href.replace(/\/index\.html$/, '/') === expected, { timeout: 5000 });
      await this.tab.settle();
      this.steps += 1;
    } catch {
      throw new Error(`${from}: ${selector} went to ${this.path(page, page.url())}, expected ${sitePath || '/'}`);
    }
  }

  expect(condition, message) {
    this.steps += 1;
    if (!condition) this.problems.push(`${this.name}: ${message}`);
  }

  /** Reports what went wrong in the browser since the last page was opened. */
  flush() {
    if (this.where) this.problems.push(...this.tab.troubles(this.where));
    this.where = '';
  }
}
