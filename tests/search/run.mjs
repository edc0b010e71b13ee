// Runs the shipped search script (search/search.js, as nianbao writes it into a built site)
// under Node against the site's built indexes, and prints the results of each query as
// JSON: [{query, lang, results: [{url, lang, title, partial, snippet}]}].
// Usage: node tests/search/run.mjs PUBLIC_DIR LANG QUERY...
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const [publicDir, lang, ...queries] = process.argv.slice(2);
const sandbox = { console };
sandbox.window = sandbox;
vm.createContext(sandbox);
// The index is one file per language and year: search/zh/2018.js.
const shards = ['zh', 'en'].flatMap((code) =>
  readdirSync(join(publicDir, 'search', code)).sort().reverse().map((f) => `search/${code}/${f}`));
for (const file of ['search/search.js', ...shards]) {
  vm.runInContext(readFileSync(join(publicDir, file), 'utf8'), sandbox, { filename: file });
}
const out = queries.map((query) => ({
  query,
  lang,
  results: sandbox.nianbaoSearch.search(sandbox.nianbaoIndex, query, lang).map((r) => ({
    url: r.url,
    lang: r.lang,
    title: r.title,
    partial: r.partial,
    snippet: r.snippet.map((p) => (p.mark ? `[${p.text}]` : p.text)).join(''),
  })),
}));
process.stdout.write(JSON.stringify(out, null, 1));
