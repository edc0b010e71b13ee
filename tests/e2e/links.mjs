// Every internal link of a built site resolves: each `href`, `src`, `srcset`, `action` and
// `xlink:href` of every page, each `url()` of the stylesheets, every address in the sitemap,
// the feeds and robots.txt that points into the site, and each `#fragment` to an id on its
// target page. Runs over the files, so it needs no server.

import { Site, tags } from './site.mjs';

const ATTRS = ['href', 'src', 'action', 'xlink:href', 'poster', 'data'];
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Checks one site; returns `{ checked, unique, problems }`. */
export function checkLinks(site) {
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) {
      const found = new Set();
      for (const tag of tags(site.read(file))) {
        if (tag.attrs.id) found.add(tag.attrs.id);
        if (tag.name === 'a' && tag.attrs.name) found.add(tag.attrs.name);
      }
      ids.set(file, found);
    }
    return ids.get(file);
  };
  const files = new Set(site.files);
  const problems = [];
  const targets = new Set();
  let checked = 0;
  for (const { file, line, url } of references(site)) {
    checked += 1;
    const problem = resolve(site, files, idsOf, file, url, targets);
    if (problem) problems.push(`${site.label}: ${file}:${line}: ${url}: ${problem}`);
  }
  return { checked, unique: targets.size, problems };
}

/** Each link of the site that points into it, with where it was written. */
function* references(site) {
  for (const file of site.files) {
    if (file.endsWith('.html')) {
      for (const tag of tags(site.read(file))) {
        for (const name of ATTRS) {
          if (name in tag.attrs) yield { file, line: tag.line, url: tag.attrs[name] };
        }
        if (tag.attrs.srcset) {
          for (const candidate of tag.attrs.srcset.split(',')) {
            yield { file, line: tag.line, url: candidate.trim().split(/\s+/)[0] };
          }
        }
      }
    } else if (file.endsWith('.css')) {
      yield* matches(site, file, /url\(\s*['"]?([^'")]+)['"]?\s*\)/g);
    } else if (file.endsWith('.xml')) {
      yield* matches(site, file, /<loc>([^<]+)<\/loc>|\shref="([^"]+)"/g);
    } else if (file === 'robots.txt') {
      yield* matches(site, file, /^Sitemap:\s*(\S+)/gm);
    }
  }
}

function* matches(site, file, pattern) {
  const text = site.read(file);
  for (const m of text.matchAll(pattern)) {
    const url = (m[1] ?? m[2]).replaceAll('&amp;', '&');
    yield { file, line: text.slice(0, m.index).split('\n').length, url };
  }
}

/** Why `url`, written in `file`, does not resolve; undefined when it does. */
function resolve(site, files, idsOf, file, url, targets) {
  if (url === '' ) return 'empty link';
  const published = site.baseUrl;
  let address;
  if (url.startsWith(published)) {
    address = new URL(url);
  } else if (EXTERNAL.test(url)) {
    return undefined;
  } else {
    address = new URL(url, new URL(Site.urlPath(file), published));
  }
  if (address.origin !== new URL(published).origin || !address.pathname.startsWith(site.basePath)) {
    return `leaves the site (${site.basePath})`;
  }
  let target = decodeURIComponent(address.pathname.slice(site.basePath.length));
  if (target === '' || target.endsWith('/')) target += 'index.html';
  targets.add(target + address.hash);
  if (!files.has(target)) {
    return files.has(target + '/index.html') ? 'names a folder without its trailing slash' : 'no such file';
  }
  const fragment = decodeURIComponent(address.hash.slice(1));
  if (fragment && fragment !== 'top') {
    if (!target.endsWith('.html')) return `a #fragment into ${target}, which is not a page`;
    if (!idsOf(target).has(fragment)) return `no id="${fragment}" in ${target}`;
  }
  return undefined;
}
