#!/usr/bin/env python3
"""`nianbao serve` under load, on this computer only: CLIENTS clients fetch pages one after
another for SECONDS, while IDLE connections are held open sending nothing (each one the
server closes is opened again) and WAITS live-reload questions wait for a change (the site
is edited every few seconds, so they are answered and asked again). Every request must
get an HTTP answer: a page, or 503 with Retry-After when the preview is full, or 408 for an
idle connection whose time is up. It prints how many requests were sent, answered and
failed (no HTTP answer), the answers by status, and the page loads' latency.

Usage: benches/serve_load.py [--binary target/release/nianbao] [--root SITE]
                             [--clients 200] [--seconds 20] [--idle 80] [--waits 0]
                             [--max-requests 500000]
Without --root, a copy of tests/fixtures/minimal (with the bundled themes) in a temporary
folder is served and edited. Exits 1 if any request went without an answer."""
import argparse, collections, re, selectors, shutil, socket, statistics, subprocess, sys
import tempfile, threading, time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = ["/", "/zh/", "/en/", "/zh/2018/survey/", "/en/2018/welfare/", "/favicon.svg",
         "/data/metrics.csv", "/sitemap.xml", "/__nianbao/reload.js", "/zh/no-such-page/"]


class Tally:
    """Counts shared by every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.failures = collections.Counter()
        self.latencies = []
        self.sent = 0

    def take_ticket(self, limit):
        with self.lock:
            if self.sent >= limit:
                return False
            self.sent += 1
            return True

    def record(self, kind, status, latency=None, why=None):
        with self.lock:
            if status is None:
                self.failures[f"{kind}: {why}"] += 1
            else:
                self.statuses[(kind, status)] += 1
            if latency is not None:
                self.latencies.append(latency)


def exchange(address, request, timeout):
    """Sends one request; returns (status or None, why, what arrived)."""
    raw = b""
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.sendall(request)
            raw = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                raw += chunk
    except OSError as err:
        if not raw.startswith(b"HTTP/1.1 "):
            return None, type(err).__name__, raw
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", raw)
    if not match:
        return None, "closed without an answer", raw
    status = int(match.group(1))
    if status == 503 and b"\r\nRetry-After: " not in raw.split(b"\r\n\r\n")[0]:
        return None, "503 without Retry-After", raw
    return status, None, raw


def client(address, host, until, tally, limit, n):
    i = n
    while time.time() < until and tally.take_ticket(limit):
        path = PAGES[i % len(PAGES)]
        i += 1
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        started = time.perf_counter()
        status, why, _ = exchange(address, request, 10)
        tally.record("page", status, time.perf_counter() - started, why)
        if status == 503:
            time.sleep(0.05)


def waiter(address, host, until, tally):
    version = "0"
    while time.time() < until:
        request = (f"GET /__nianbao/version?since={version} HTTP/1.1\r\nHost: {host}\r\n\r\n"
                   .encode())
        status, why, raw = exchange(address, request, 30)
        tally.record("reload wait", status, None, why)
        if status == 200:
            version = raw.split(b"\r\n\r\n", 1)[1].decode().strip()
        else:
            time.sleep(1)


def hold_idle(address, count, until, tally):
    """Keeps `count` connections open that send nothing; counts how each one ends."""
    chooser = selectors.DefaultSelector()

    def open_one():
        sock = socket.create_connection(address)
        sock.setblocking(False)
        chooser.register(sock, selectors.EVENT_READ, bytearray())

    for _ in range(count):
        open_one()
    while time.time() < until:
        for key, _ in chooser.select(timeout=0.2):
            try:
                chunk = key.fileobj.recv(65536)
            except OSError:
                chunk = b""
            key.data.extend(chunk)
            if chunk:
                continue
            match = re.match(rb"HTTP/1\.1 (\d{3}) ", bytes(key.data))
            status = int(match.group(1)) if match else None
            tally.record("idle", status, None, "closed without an answer")
            chooser.unregister(key.fileobj)
            key.fileobj.close()
            open_one()
    for key in list(chooser.get_map().values()):
        key.fileobj.close()


def edit_now_and_then(root, until):
    section = root / "content/2018/01-survey.md"
    original = section.read_text()
    n = 0
    while time.time() < until - 1:
        time.sleep(3)
        n += 1
        section.write_text(original + f"\n<!-- edit {n} -->\n")
    section.write_text(original)


def start_server(binary, root):
    server = subprocess.Popen([binary, "serve", "--root", str(root), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in server.stdout:
        match = re.search(r"serving the site at http://([\d.]+):(\d+)/", line)
        if match:
            threading.Thread(target=lambda: server.stdout.read(), daemon=True).start()
            return server, (match.group(1), int(match.group(2)))
    sys.exit("nianbao serve stopped before it served the site")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=str(REPO / "target/release/nianbao"))
    parser.add_argument("--root")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--idle", type=int, default=80)
    parser.add_argument("--waits", type=int, default=0)
    parser.add_argument("--max-requests", type=int, default=500_000)
    args = parser.parse_args()
    scratch = None
    if args.root:
        root = Path(args.root)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="nianbao-load-"))
        root = scratch / "site"
        shutil.copytree(REPO / "tests/fixtures/minimal", root)
        shutil.copytree(REPO / "themes", root / "themes")
    server, address = start_server(args.binary, root)
    host = f"{address[0]}:{address[1]}"
    tally = Tally()
    until = time.time() + args.seconds
    threads = [threading.Thread(target=hold_idle, args=(address, args.idle, until, tally))]
    threads += [threading.Thread(target=waiter, args=(address, host, until, tally))
                for _ in range(args.waits)]
    threads += [threading.Thread(target=client,
                                 args=(address, host, until, tally, args.max_requests, n))
                for n in range(args.clients)]
    if args.waits and not args.root:
        threads.append(threading.Thread(target=edit_now_and_then, args=(root, until)))
    started = time.time()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    report(args, tally, time.time() - started)
    sys.exit(1 if tally.failures else 0)


def report(args, tally, took):
    answered = sum(tally.statuses.values())
    failed = sum(tally.failures.values())
    print(f"{args.clients} clients, {args.idle} idle connections, {args.waits} reload waits, "
          f"{took:.1f} s")
    print(f"requests: {answered + failed}  answered: {answered}  failed (no HTTP answer): {failed}")
    for (kind, status), count in sorted(tally.statuses.items()):
        print(f"  {kind} {status}: {count}")
    for why, count in sorted(tally.failures.items()):
        print(f"  FAILED {why}: {count}")
    if tally.latencies:
        ordered = sorted(tally.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"page loads: {len(ordered)}, {len(ordered) / took:.0f}/s; latency median "
              f"{statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
              f"max {ordered[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
