#!/usr/bin/env python3
"""Edit-to-reload latency of `nianbao serve`, as an editor feels it: a section file is saved,
and the time is taken until the preview's version changes (what the page's reload script
waits on) and until the reloaded page, fetched again, shows the edit.

Usage: benches/reload.py NIANBAO_BINARY SITE_ROOT [EDITS]
The site is one `cargo bench --bench build_speed -- 50x100 --keep` generates."""
import re, statistics, subprocess, sys, time, urllib.request
from pathlib import Path

binary, root = sys.argv[1], Path(sys.argv[2])
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 20
sections = sorted((root / "content").glob("*/05-*.md"))
if not sections:
    sys.exit(f"{root} holds no generated site; make one with "
             "`cargo bench --bench build_speed -- 50x100 --runs 1 --keep`")
server = subprocess.Popen([binary, "serve", "--root", str(root), "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
address = None
started = time.time()
for line in server.stdout:
    match = re.search(r"serving the site at (http://\S+/)", line)
    if match:
        address = match.group(1)
        break
if address is None:
    sys.exit("nianbao serve stopped before it served the site")
print(f"first build and start: {time.time() - started:.2f} s")
section = sections[-1]
year = section.parent.name
slug = section.stem.split("-", 1)[1]
page = f"{address}zh/{year}/{slug}/"
get = lambda url: urllib.request.urlopen(url, timeout=30).read().decode()
to_version, to_page = [], []
original = section.read_text()
try:
    for n in range(edits):
        version = get(address + "__nianbao/version").strip()
        marker = f"编辑{n}次"
        text = original.replace("::: zh\n", f"::: zh\n{marker}\n", 1)
        t0 = time.perf_counter()
        section.write_text(text)
        new = get(f"{address}__nianbao/version?since={version}").strip()
        t1 = time.perf_counter()
        html = get(page)
        t2 = time.perf_counter()
        assert new != version and marker in html, "the edit did not show"
        to_version.append(t1 - t0)
        to_page.append(t2 - t0)
        time.sleep(0.3)
finally:
    section.write_text(original)
    server.terminate()
ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f})"
print(f"{edits} edits of {section.relative_to(root)}")
print(f"save → version changed: {ms(to_version)}")
print(f"save → edited page fetched: {ms(to_page)}")
