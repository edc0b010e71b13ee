// The real-world checks of built sites, run by `cargo test --test browser` (which builds the
// sites first). Usage:
//
//   node tests/e2e/run.mjs CHECK... --report DIR [--untranslated DIR] [--years DIR] [--artifacts DIR]
//
// CHECK is `links` (every internal link and fragment resolves), `html` (the Nu HTML checker),
// `browser` (every page in headless Chromium under the strict CSP, the journeys, the
// screenshots) or `a11y` (axe-core and language marks). The sites: the bundled report
// (`--report`), the minimal fixture with an untranslated section (`--untranslated`), the
// three-year fixture (`--years`). Exits 1 when any check finds a problem or cannot run: a
// missing tool is a failure, never a skip.

import path from 'node:path';
import { Site } from './site.mjs';
import { checkLinks } from './links.mjs';
import { validate } from './vnu.mjs';
import { Tab, launch, newContext } from './browser.mjs';
import { DESKTOP, PHONE, checkPages } from './pages.mjs';
import { runJourneys } from './journeys.mjs';
import { screenshots } from './screenshots.mjs';
import { checkReading } from './reading.mjs';
import { AXE_TAGS, checkAccessibility, probeAccessibility } from './a11y.mjs';
import { PROBE, serve } from './server.mjs';

const CHECKS = {
  async links(sites) {
    const lines = [];
    const problems = [];
    for (const site of Object.values(sites)) {
      const r = checkLinks(site);
      lines.push(`${site.label}: ${r.checked} links checked (${r.unique} distinct targets) in ${site.files.length} files`);
      problems.push(...r.problems);
    }
    return { lines, problems };
  },

  async html(sites) {
    const r = validate(Object.values(sites));
    return {
      lines: [`Nu HTML checker ${r.version}: ${r.pages} pages validated, plus ${r.others} stylesheets and SVG files; ${r.problems.length} errors`],
      problems: r.problems,
    };
  },

  async browser(sites, artifacts) {
    return withBrowser(sites, async (browser, servers) => {
      const lines = [];
      const problems = [...(await probe(browser, servers.report))];
      for (const [key, site] of Object.entries(sites)) {
        const r = await checkPages(browser, site, servers[key]);
        lines.push(`${site.label}: ${site.pages.length} pages loaded under the strict CSP (${r.visits} visits, at ${DESKTOP.width} and ${PHONE.width} px), ${r.switches} language switches followed`);
        problems.push(...r.problems);
      }
      const j = await runJourneys(browser, sites, servers);
      lines.push(`journeys: ${j.journeys} run, ${j.steps} steps${j.notRun.length ? `; not run: ${j.notRun.join(', ')}` : ''}`);
      problems.push(...j.problems);
      const r = await checkReading(browser, sites.report, servers.report);
      lines.push(...r.lines);
      problems.push(...r.problems);
      const s = await screenshots(browser, sites, servers, artifacts);
      lines.push(`screenshots: ${s.files.length} in ${artifacts}`);
      problems.push(...s.problems);
      return { lines, problems };
    });
  },

  async a11y(sites) {
    return withBrowser(sites, async (browser, servers) => {
      const lines = [];
      const problems = await probeAccessibility(browser, servers.report);
      for (const [key, site] of Object.entries(sites)) {
        const r = await checkAccessibility(browser, site, servers[key]);
        lines.push(`${site.label}: axe-core (${AXE_TAGS.join(', ')}) on ${r.pages} pages: ${r.rules} rule runs (about ${Math.round(r.rules / r.pages)} a page), ${r.passes} passed, ${r.violations} violated, the rest not applicable`);
        lines.push(`  kinds of page: ${[...r.kinds].sort().join(' ')}`);
        if (r.incomplete.size) {
          lines.push(`  axe's doubts ("incomplete"), each reviewed in REVIEWED of e2e/a11y.mjs: ${[...r.incomplete].map(([entry, n]) => `${entry.rule} (${entry.reason}) ×${n}`).join(', ')}`);
        }
        if (key === 'untranslated') {
          lines.push(`  untranslated English section pages checked for their notice and lang="zh-CN": ${r.untranslated}`);
          if (r.untranslated === 0) problems.push(`${site.label}: no English section page shows untranslated Chinese`);
        }
        problems.push(...r.problems);
      }
      return { lines, problems };
    });
  },
};

/** Serves each site under its own base path, starts Chromium, runs `body`, stops them all. */
async function withBrowser(sites, body) {
  const servers = {};
  let browser;
  try {
    for (const [key, site] of Object.entries(sites)) servers[key] = await serve(site.root, site.basePath);
    browser = await launch();
    return await body(browser, servers);
  } finally {
    await browser?.close();
    for (const server of Object.values(servers)) await server.close();
  }
}

/** Proves the watch sees CSP violations: the probe page breaks the policy twice. */
async function probe(browser, server) {
  const context = await newContext(browser);
  const tab = await Tab.open(context);
  await tab.visit(server.origin + PROBE);
  const watch = tab.watch;
  await context.close();
  const events = watch.violations.length;
  const logged = watch.console.filter((c) => /Content Security Policy/i.test(c)).length;
  return events >= 2 && logged >= 2
    ? []
    : [`the CSP probe page broke the policy twice but the watch saw ${events} events and ${logged} console messages`];
}

function parse(argv) {
  const options = { checks: [], sites: {} };
  const names = { '--report': ['report', '2018 report'], '--untranslated': ['untranslated', 'minimal (untranslated)'], '--years': ['years', 'years fixture'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (names[arg]) {
      const [key, label] = names[arg];
      options.sites[key] = new Site(argv[++i], label);
    } else if (arg === '--artifacts') {
      options.artifacts = path.resolve(argv[++i]);
    } else if (CHECKS[arg]) {
      options.checks.push(arg);
    } else {
      throw new Error(`unknown argument ${arg}; checks: ${Object.keys(CHECKS).join(' ')}`);
    }
  }
  if (!options.sites.report) throw new Error('--report DIR (the built bundled report) is required');
  if (options.checks.length === 0) options.checks = Object.keys(CHECKS);
  options.artifacts ??= path.resolve('target/e2e-artifacts');
  return options;
}

async function main() {
  const options = parse(process.argv.slice(2));
  let failed = 0;
  for (const check of options.checks) {
    const started = Date.now();
    let result;
    try {
      result = await CHECKS[check](options.sites, options.artifacts);
    } catch (err) {
      result = { lines: [], problems: [`cannot run: ${err.message}`] };
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const verdict = result.problems.length ? `FAILED, ${result.problems.length} problems` : 'ok';
    const out = [`${check}: ${verdict} (${seconds} s)`, ...result.lines.map((l) => `  ${l}`)];
    out.push(...result.problems.map((p) => `  ✗ ${p}`));
    console.log(out.join('\n'));
    if (result.problems.length) failed += 1;
  }
  console.log(`e2e: ${options.checks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err.stack ?? String(err));
  process.exitCode = 1;
});
