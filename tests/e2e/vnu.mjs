// HTML validity: the W3C Nu HTML Checker (npm `vnu-jar`, run on the system's Java) over every
// page of the built sites, with their stylesheets and SVG files: zero errors.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Validates every page, stylesheet and SVG of `sites`; returns `{ pages, others, problems }`. */
export function validate(sites) {
  let jar;
  try {
    jar = String(createRequire(import.meta.url)('vnu-jar'));
  } catch (err) {
    throw new Error(`vnu-jar is missing: run \`npm ci\` at the repository root (${err.message.split('\n')[0]})`);
  }
  const files = sites.flatMap((site) =>
    site.files.filter((f) => /\.(html|css|svg)$/.test(f)).map((f) => path.join(site.root, f)),
  );
  const run = spawnSync(
    'java',
    ['-jar', jar, '--errors-only', '--also-check-css', '--also-check-svg', '--format', 'json', ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw new Error(`cannot run java (install a Java 11+ runtime): ${run.error.message}`);
  const report = parse(run.stderr) ?? parse(run.stdout);
  if (!report) throw new Error(`the Nu checker gave no report (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  const problems = report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => `${where(sites, m.url)}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}` +
      (m.extract ? `\n    ${m.extract.replace(/\n/g, '⏎')}` : ''));
  if (run.status !== 0 && problems.length === 0) {
    problems.push(`the Nu checker exited ${run.status}:\n${run.stderr}`);
  }
  const pages = files.filter((f) => f.endsWith('.html')).length;
  return { version: report.version, pages, others: files.length - pages, problems };
}

function parse(text) {
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

/** `file:/tmp/x/public/zh/index.html` -> `2018: zh/index.html`. */
function where(sites, url) {
  const file = url ? decodeURI(url.replace(/^file:/, '')) : '';
  const site = sites.find((s) => file.startsWith(s.root + path.sep));
  return site ? `${site.label}: ${path.relative(site.root, file)}` : file || '(no file)';
}
