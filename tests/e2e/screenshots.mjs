// Screenshots for review, kept as CI artifacts: one page of every kind in each language (the
// landing and not-found pages once) at 375 px and at desktop width, and the English page of
// an untranslated section.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Tab, newContext } from './browser.mjs';
import { DESKTOP } from './pages.mjs';
import { pageKinds } from './reading.mjs';

const PHONE_375 = { width: 375, height: 812 };

/** Saves the screenshots into `dir`; returns `{ files, problems }`. */
export async function screenshots(browser, sites, servers, dir) {
  mkdirSync(dir, { recursive: true });
  const shots = pageKinds(sites.report).map(([kind, file]) => ({
    site: 'report',
    file,
    name: kind.replace(':', '-').replace(/^root-/, ''),
    missing: file === '404.html',
  }));
  if (sites.untranslated) {
    const site = sites.untranslated;
    const page = site.pages.find((f) => f.startsWith('en/') && site.kind(f) === 'section' && /class="notice"/.test(site.read(f)));
    if (page) shots.push({ site: 'untranslated', file: page, name: 'en-untranslated-section' });
  }
  const files = [];
  const problems = [];
  for (const [width, viewport] of [['desktop', DESKTOP], [`${PHONE_375.width}px`, PHONE_375]]) {
    const context = await newContext(browser, { viewport });
    const tab = await Tab.open(context);
    for (const shot of shots) {
      const url = servers[shot.site].url + (shot.missing ? 'no/such/page/' : shot.file);
      await tab.visit(url, { expectStatus: shot.missing ? 404 : 200 });
      const file = path.join(dir, `${shot.name}-${width}.png`);
      await tab.page.screenshot({ path: file, fullPage: true });
      files.push(file);
      problems.push(...tab.troubles(`${sites[shot.site].label}: ${shot.file} (screenshot)`));
    }
    await context.close();
  }
  return { files, problems };
}
