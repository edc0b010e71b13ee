// A static web server for a built site, as a strict host would serve it: the site under its
// base path (`/nanjing-west-road/`), the site's 404.html with status 404 for anything else,
// and the Content-Security-Policy the default theme promises to work under on every response.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A page that does everything the checks look for once: it breaks the policy twice (an
 *  inline style, an inline script), has an image without a text alternative, and Chinese
 *  text not marked as Chinese. The checks prove on it that they notice before reporting
 *  that a site has none of these. */
export const PROBE = '/__probe/';
const PROBE_PAGE = '<!DOCTYPE html><html lang="en"><title>probe</title><style>p{color:red}</style>' +
  '<p>Nanjing West Road (南京西路)</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
  '<script>document.title = "ran";</script></html>';

/** Serves `root` under `basePath` (which starts and ends with `/`) on 127.0.0.1, any free
 *  port. Resolves to `{ origin, url, close }`; `url` is the site's address. */
export async function serve(root, basePath = '/') {
  const server = createServer((req, res) => {
    respond(root, basePath, req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + basePath,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function respond(root, basePath, req, res) {
  const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers);
    res.end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url, 'http://host').pathname);
  if (pathname === PROBE) {
    res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
    res.end(PROBE_PAGE);
    return;
  }
  const file = pathname.startsWith(basePath) ? await find(root, pathname.slice(basePath.length)) : null;
  if (file === 'directory') {
    res.writeHead(301, { ...headers, location: pathname + '/' });
    res.end();
    return;
  }
  const status = file ? 200 : 404;
  const served = file ?? path.join(root, '404.html');
  const body = await readFile(served);
  res.writeHead(status, { ...headers, 'content-type': TYPES[path.extname(served)] ?? 'application/octet-stream' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The file a site path names: `dir/` gives `dir/index.html`; `'directory'` when a folder is
 *  asked for without its slash; null when nothing is there or the path leaves the site. */
async function find(root, relative) {
  const full = path.join(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  const info = await stat(full).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) {
    if (!relative.endsWith('/') && relative !== '') return 'directory';
    const index = path.join(full, 'index.html');
    return (await stat(index).catch(() => null))?.isFile() ? index : null;
  }
  return info.isFile() ? full : null;
}
