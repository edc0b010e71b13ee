// Screenshots for review, kept as CI artifacts: each language's year cover and first section
// at desktop width and at 360 px, and the English page of an untranslated section.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Tab, newContext } from './browser.mjs';
import { DESKTOP, PHONE } from './pages.mjs';

/** Saves the screenshots into `dir`; returns `{ files, problems }`. */
export async function screenshots(browser, sites, servers, dir) {
  mkdirSync(dir, { recursive: true });
  const shots = [];
  const report = sites.report;
  for (const lang of ['zh', 'en']) {
    const cover = report.pages.find((f) => f.startsWith(`${lang}/`) && report.kind(f) === 'year');
    const section = report.pages.find((f) => f.startsWith(`${lang}/`) && report.kind(f) === 'section');
    shots.push({ site: 'report', file: cover, name: `${lang}-cover` });
    shots.push({ site: 'report', file: section, name: `${lang}-section` });
  }
  if (sites.untranslated) {
    const site = sites.untranslated;
    const page = site.pages.find((f) => f.startsWith('en/') && site.kind(f) === 'section' && /class="notice"/.test(site.read(f)));
    if (page) shots.push({ site: 'untranslated', file: page, name: 'en-untranslated-section' });
  }
  const files = [];
  const problems = [];
  for (const [width, viewport] of [['desktop', DESKTOP], [`${PHONE.width}px`, PHONE]]) {
    const context = await newContext(browser, { viewport });
    const tab = await Tab.open(context);
    for (const shot of shots) {
      await tab.visit(servers[shot.site].url + shot.file.replace(/index\.html$/, ''));
      const file = path.join(dir, `${shot.name}-${width}.png`);
      await tab.page.screenshot({ path: file, fullPage: true });
      files.push(file);
      problems.push(...tab.troubles(`${sites[shot.site].label}: ${shot.file} (screenshot)`));
    }
    await context.close();
  }
  return { files, problems };
}
