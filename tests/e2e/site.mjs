// What the checks need to know about a built site, read from its files: its pages, the
// address path it is published under, each page's kind and language, and the tags of a page.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export class Site {
  /** `root`: a built site (a `public/` folder). `label` names it in messages. */
  constructor(root, label) {
    this.root = path.resolve(root);
    this.label = label;
    this.files = walk(this.root).sort();
    this.pages = this.files.filter((f) => f.endsWith('.html'));
    /** Where the site is published (`https://host/reports/`), and its path (`/reports/`). */
    this.baseUrl = baseUrlOf(readFileSync(path.join(this.root, 'index.html'), 'utf8'));
    this.basePath = new URL(this.baseUrl).pathname;
  }

  read(relative) {
    return readFileSync(path.join(this.root, relative), 'utf8');
  }

  /** The address path of a page file: `zh/2018/index.html` -> `zh/2018/`. */
  static urlPath(file) {
    return file === 'index.html' || file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
  }

  /** The page's kind, from the theme's `<body class="page-KIND">`. */
  kind(file) {
    return /<body[^>]*\bclass="[^"]*\bpage-([\w-]+)/.exec(this.read(file))?.[1] ?? 'unknown';
  }
}

function walk(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) return walk(path.join(dir, entry.name), relative + '/');
    return entry.isFile() ? [relative] : [];
  });
}

/** The site's base_url: the landing page's canonical address. */
function baseUrlOf(landing) {
  const tag = tags(landing).find((t) => t.name === 'link' && t.attrs.rel === 'canonical');
  if (!tag) throw new Error('the landing page has no <link rel="canonical">');
  return new URL(tag.attrs.href).href;
}

const TAG = /<!--[\s\S]*?-->|<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Every start tag of an HTML document, with its line and decoded attributes. */
export function tags(html) {
  const out = [];
  for (const m of html.matchAll(TAG)) {
    if (!m[1]) continue;
    const attrs = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) {
      attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    const line = html.slice(0, m.index).split('\n').length;
    out.push({ name: m[1].toLowerCase(), attrs, line });
  }
  return out;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decode(value) {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}
