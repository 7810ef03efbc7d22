#!/usr/bin/env python3
"""`make bench`: throughput and latency of the release build, as ratios measured in one run.

Seeds a fresh database (SQLite by default; PostgreSQL with DB=postgres, which runs this under
scripts/with-postgres.sh) with 1 000 cardholders and 40 000 orders, starts the server with its
production settings, signs every cardholder in through the real login, then drives it with wrk
(64 connections, 10 s per endpoint after a 2 s warm-up). Prints a table and the ratios, writes
them to target/bench/<db>-latest.json, and reports the server's peak RSS.

The company side: one company with 1 000 000 card orders and one with 10 000 (batched inserts),
each list's first page and a status-filtered page measured in both, compared at p50; and orders
placed per second. Neither holds approved orders, so the card producer's queue is exactly the
100 000 approved orders of a third company (and the demo's one): its first page and a page 50 000
orders deep, compared at p50.

Webhook fan-out: four endpoints of the small company on a receiver started here (loopback, with
ID06_WEBHOOKS_ALLOW_PRIVATE), then orders placed for a few seconds; every `order.created` event goes
to all four. Prints deliveries received per second, how long the last took to arrive after the
last order, and checks each delivery's signature and that none arrived twice."""

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server, client_token, demo_accounts, request  # noqa: E402
from receiver import WebhookReceiver as Receiver  # noqa: E402
from cluster import Balancer, wait_all_up  # noqa: E402
import bench_report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Another build's binaries (e.g. a folder whose id06-api runs target/profiling/id06-api under
# heaptrack or perf) with BENCH_BIN.
BIN = os.environ.get("BENCH_BIN", os.path.join(ROOT, "target", "release"))
LUA = os.path.join(ROOT, "bench", "pairs.lua")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = 2
THREADS = 2
# Enough orders that accepting does not run out within the run at up to 4 000 accepts/s.
ORDERS_PER_CARDHOLDER = 40
BIG, SMALL, QUEUE = "cmp_be0000000000000000000001", "cmp_be0000000000000000000002", "cmp_be0000000000000000000003"
BIG_ORDERS = int(os.environ.get("BENCH_BIG_ORDERS", "1000000"))
SMALL_ORDERS = 10_000
QUEUE_ORDERS = int(os.environ.get("BENCH_QUEUE_ORDERS", "100000"))
# Every stage but `approved` (those are the queue company's), rejected one in ten as before.
LIST_STATUSES = "waiting_for_review,in_production,delivered,delivered,rejected,shipped,cancelled,produced,in_production,shipped"
COMPANIES = [
    (BIG, "559000-0005", "big.admin@bench.example.se", "+46709000001", BIG_ORDERS, LIST_STATUSES),
    (SMALL, "559100-0004", "small.admin@bench.example.se", "+46709000002", SMALL_ORDERS, LIST_STATUSES),
    (QUEUE, "559200-0003", "queue.admin@bench.example.se", "+46709000003", QUEUE_ORDERS, "approved"),
]
WEBHOOK_ENDPOINTS = 4
CREW_ROWS = int(os.environ.get("BENCH_CREW_ROWS", "10000"))


def wrk_plain(url, duration=DURATION, connections=CONNECTIONS):
    """wrk without a script: for endpoints fast enough that a Lua hook would make wrk the bottleneck."""
    cmd = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{duration}s", "--latency", "-H", "Accept: application/json", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    return parse(out + f"\nBENCH_OK {total - non2xx}\n", duration)


def probe(url, seconds, interval=0.02):
    """A paced health probe (like a load balancer's): one request every `interval` s on a kept-alive
    connection; returns latency percentiles in ms and failures."""
    import http.client
    from urllib.parse import urlparse
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    latencies, failures = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.monotonic()
        try:
            conn.request("GET", u.path, headers={"Accept": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                failures += 1
        except OSError:
            failures += 1
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
        latencies.append((time.monotonic() - t) * 1000)
        time.sleep(max(0.0, interval - (time.monotonic() - t)))
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else None
    return {"rps": len(latencies) / seconds, "p50_ms": pick(0.5), "p99_ms": pick(0.99), "errors": failures, "requests": len(latencies), "ok": len(latencies) - failures}


def wrk(base, lines, mode="random", duration=DURATION, connections=CONNECTIONS, background=False):
    path = os.path.join(os.environ["BENCH_DIR"], f"lines-{time.monotonic_ns()}.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    env = {**os.environ, "BENCH_FILE": path, "BENCH_MODE": mode, "BENCH_THREADS": str(THREADS)}
    cmd = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{duration}s", "--latency", "-s", LUA, base]
    if background:
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    return parse(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout, duration)


def to_ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    if not m:
        return None
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def parse(out, duration):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    total_requests = int(re.search(r"(\d+) requests in", out).group(1))
    # "random" mode leaves counting to wrk (no per-response Lua hook): ok = all but non-2xx.
    counted = re.search(r"BENCH_OK (\d+)", out)
    ok = int(counted.group(1)) if counted else total_requests - non2xx
    bad = re.search(r"BENCH_BAD (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = (int(bad.group(1)) if bad else non2xx) + socket_errors
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors, "socket_errors": socket_errors,
            "requests": total, "ok": ok, "ok_per_s": ok / duration,
            "wrk_errors": sock.group(0) if sock else None}


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


class RssSampler:
    """The server's largest resident set while a phase runs (VmRSS every 20 ms): what the phase
    itself needs, unlike VmHWM, which keeps the peak of everything before."""

    def __init__(self, pid):
        import threading
        self.pid, self.max_mb, self.stop = pid, 0.0, threading.Event()
        self.start_mb = self.rss()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def rss(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def run(self):
        while not self.stop.is_set():
            self.max_mb = max(self.max_mb, self.rss())
            time.sleep(0.02)

    @property
    def growth_mb(self):
        """How much the phase added to what the process held when it began."""
        return max(0.0, self.max_mb - self.start_mb)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def cold_start(server, samples=5):
    """Milliseconds from starting the binary to its first 200 from /health/ready, on the bench's
    migrated database of a million orders (the server stopped first): the median of `samples`.
    Also the binary's size in MB."""
    import http.client
    server.stop()
    times = []
    for _ in range(samples):
        with open(os.devnull, "w") as sink:
            t = time.monotonic()
            proc = subprocess.Popen([server.binary, "serve"], env=server.env, stdout=sink, stderr=sink)
            try:
                while time.monotonic() - t < 30:
                    try:
                        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=1)
                        conn.request("GET", "/health/ready")
                        if conn.getresponse().status == 200:
                            times.append((time.monotonic() - t) * 1000)
                            break
                    except OSError:
                        time.sleep(0.001)
            finally:
                proc.send_signal(2)
                proc.wait(timeout=15)
    times.sort()
    return {"median_ms": times[len(times) // 2] if times else None, "samples_ms": times,
            "binary_mb": os.path.getsize(server.binary) / 1e6, "errors": samples - len(times)}


def upload(base, token, company, query, content_type, body, key=None):
    """POSTs a file to the company's imports; (status, JSON answer, seconds)."""
    import urllib.error
    import urllib.request
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type, "Accept": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(f"{base}/v1/companies/{company}/card-order-imports{query}", data=body, headers=headers, method="POST")
    t = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.status, json.loads(r.read()), time.monotonic() - t
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), time.monotonic() - t


def imports_and_exports(server, token, company, big, big_token, rows):
    """A crew of `rows` people as CSV and as XLSX (written by `id06-bench crew` as Swedish offices
    save them), each checked by a dry run and then imported (until the job ends); then every
    order of the company of a million as one CSV download. Rows per second and the largest RSS
    while each ran."""
    base, out, errors = server.base, {}, 0
    content_types = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for i, fmt in enumerate(("csv", "xlsx")):
        path = os.path.join(server.dir, f"crew.{fmt}")
        # Two crews that share nobody: the second import's people have no open orders yet.
        subprocess.run([os.path.join(BIN, "id06-bench"), "crew", "--rows", str(rows), "--first", str(i * rows),
                        "--tag", f"bench-{fmt}", "--format", fmt, "--out", path], check=True, capture_output=True)
        with open(path, "rb") as f:
            body = f.read()
        with RssSampler(server.pid()) as dry_rss:
            status, report, dry_s = upload(base, token, company, "?dry_run=true", content_types[fmt], body)
        valid = report.get("counts", {}).get("valid") if status == 200 else None
        errors += int(status != 200 or valid != rows)
        t = time.monotonic()
        with RssSampler(server.pid()) as import_rss:
            status, started, _ = upload(base, token, company, "", content_types[fmt], body, key=f"bench-import-{fmt}")
            location = f"/v1/companies/{company}/card-order-imports/{started.get('id')}" if status == 202 else None
            done = started
            while location and done.get("status") in ("queued", "running"):
                time.sleep(0.2)
                _, done = request("GET", base + location, token=token)
        import_s = time.monotonic() - t
        placed = (done or {}).get("counts", {}).get("placed")
        errors += int(status != 202 or done.get("status") != "completed" or placed != rows)
        out[fmt] = {"bytes": len(body), "dry_run_s": dry_s, "dry_run_rows_per_s": rows / dry_s, "dry_run_peak_rss_mb": dry_rss.max_mb,
                    "dry_run_rss_growth_mb": dry_rss.growth_mb, "import_s": import_s, "import_rows_per_s": rows / import_s,
                    "placed": placed, "import_peak_rss_mb": import_rss.max_mb, "import_rss_growth_mb": import_rss.growth_mb}
        print(f"bench: import {fmt:<4} {rows} rows ({len(body) / 1e6:.1f} MB): dry run {rows / dry_s:>7.0f} rows/s (RSS <= {dry_rss.max_mb:.0f} MB, "
              f"+{dry_rss.growth_mb:.0f}), import {rows / import_s:>6.0f} rows/s, {placed} placed (RSS <= {import_rss.max_mb:.0f} MB, "
              f"+{import_rss.growth_mb:.0f})", flush=True)
    import http.client
    from urllib.parse import urlparse
    u = urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    t, size, lines = time.monotonic(), 0, 0
    with RssSampler(server.pid()) as export_rss:
        conn.request("GET", f"/v1/companies/{big}/card-orders/export?format=csv", headers={"Authorization": f"Bearer {big_token}"})
        r = conn.getresponse()
        status = r.status
        while True:
            chunk = r.read(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            lines += chunk.count(b"\n")
    export_s = time.monotonic() - t
    exported = lines - 1
    errors += int(status != 200 or exported < BIG_ORDERS)
    out["export_csv"] = {"rows": exported, "bytes": size, "seconds": export_s, "rows_per_s": exported / export_s,
                         "peak_rss_mb": export_rss.max_mb, "rss_growth_mb": export_rss.growth_mb}
    print(f"bench: export csv  {exported} orders ({size / 1e6:.0f} MB) in {export_s:.1f} s: {exported / export_s:>7.0f} rows/s "
          f"(RSS <= {export_rss.max_mb:.0f} MB, +{export_rss.growth_mb:.0f})", flush=True)
    out["errors"] = errors
    return out


def main():
    backend = os.environ.get("BENCH_DB", "sqlite")
    # The webhook receiver is on loopback.
    extra = {"ID06_LOG": "warn", "ID06_WEBHOOKS_ALLOW_PRIVATE": "true", "ID06_METRICS_TOKEN": bench_report.METRICS_TOKEN}
    if backend == "postgres":
        extra["ID06_DATABASE_URL"] = os.environ["ID06_TEST_POSTGRES_URL"]
    server = Server(os.path.join(BIN, "id06-api"), extra_env=extra, demo=False)
    os.environ["BENCH_DIR"] = server.dir
    try:
        t0 = time.time()
        seeded = json.loads(subprocess.run(
            [os.path.join(BIN, "id06-bench"), "seed", "--cardholders", "1000", "--orders-per-cardholder", str(ORDERS_PER_CARDHOLDER)],
            env=server.env, capture_output=True, text=True, check=True).stdout)
        cardholders = seeded["cardholders"]
        print(f"bench: seeded {len(cardholders)} cardholders, {sum(len(c['orders']) for c in cardholders)} orders ({backend}) in {time.time() - t0:.1f} s", flush=True)
        for company, org, email, phone, n, statuses in COMPANIES:
            out = json.loads(subprocess.run(
                [os.path.join(BIN, "id06-bench"), "seed-company", "--company-id", company, "--org-number", org,
                 "--admin-email", email, "--admin-phone", phone, "--orders", str(n), "--statuses", statuses],
                env=server.env, capture_output=True, text=True, check=True).stdout)
            print(f"bench: seeded a company with {n} card orders ({statuses if ',' not in statuses else 'mixed, none approved'}) in {out['seconds']:.1f} s ({n / out['seconds']:.0f} rows/s)", flush=True)
        server.start()
        # Idle is the server at rest: what start-up freed (building the contract and the request
        # schemas) is back with the system after jemalloc's decay time of a second.
        time.sleep(3)
        idle_mb = RssSampler(server.pid()).rss()

        t0 = time.time()
        def sign_in(c):
            i = int(c["email"].split("@")[0].removeprefix("cardholder"))
            return c, server.sign_in_as(c["email"], seeded["password"], f"+467{i:08d}")
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            sessions = list(pool.map(sign_in, cardholders))
        print(f"bench: {len(sessions)} cardholders signed in through password + SMS code in {time.time() - t0:.1f} s", flush=True)

        base = server.base
        results = {}
        reads = [f"{tok} GET /v1/me/card-orders/{o}" for c, tok in sessions for o in c["orders"]]
        lists = [f"{tok} GET /v1/me/card-orders" for _, tok in sessions]
        rss = {"idle": idle_mb}
        for name, path in [("health_live", "/health/live"), ("health_ready", "/health/ready")]:
            wrk_plain(base + path, duration=WARMUP)
            results[name] = wrk_plain(base + path)
            print(f"bench: {name:<13} {results[name]['rps']:>9.0f} req/s  p99 {results[name]['p99_ms']:.2f} ms", flush=True)
        for name, lines, mode in [("review", reads, "random"), ("list", lists, "random")]:
            wrk(base, lines, mode, duration=WARMUP)
            results[name] = wrk(base, lines, mode)
            rss[name] = peak_rss_mb(server.pid())
            print(f"bench: {name:<13} {results[name]['rps']:>9.0f} req/s  p99 {results[name]['p99_ms']:.2f} ms  (peak RSS so far {rss[name]:.1f} MB)", flush=True)

        # The company list at two scales, and placing orders.
        admins = {c: server.sign_in_as(email, "bench-password-2026", phone) for c, _, email, phone, _, _ in COMPANIES}
        for name, company, query in [("list_1m", BIG, ""), ("list_10k", SMALL, ""),
                                     ("list_1m_rejected", BIG, "?status=rejected"), ("list_10k_rejected", SMALL, "?status=rejected")]:
            # One request, repeated: each of wrk's threads takes its own share of the lines.
            lines = [f"{admins[company]} GET /v1/companies/{company}/card-orders{query}"] * 64
            wrk(base, lines, "random", duration=WARMUP)
            results[name] = wrk(base, lines, "random")
            print(f"bench: {name:<17} {results[name]['rps']:>9.0f} req/s  p50 {results[name]['p50_ms']:.2f} ms  p99 {results[name]['p99_ms']:.2f} ms", flush=True)
        valid_until = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 3 * 365 * 86400))
        order = json.dumps({"given_names": "Anna Maria", "surname": "Bänkström", "date_of_birth": "1985-06-15", "nationality": "SE",
                            "cardholder_email": "new.hire@bench.example.se", "cardholder_phone": "070-000 00 00",
                            "valid_until": valid_until}, separators=(",", ":"), ensure_ascii=False)
        results["place"] = wrk(base, [f"{admins[SMALL]} POST /v1/companies/{SMALL}/card-orders {order}"] * 64, "random")
        print(f"bench: place order   {results['place']['ok_per_s']:>9.0f} orders/s", flush=True)

        # The card producer's queue: the first page and one 50 000 orders deep (keyset pagination).
        producer = next(c for c in demo_accounts(os.path.join(BIN, "id06-demo"))["clients"] if c["role"] == "card_producer")
        producer_token = client_token(server, producer)
        cursor, walked = None, 0
        while walked < QUEUE_ORDERS // 2:
            status, page = request("GET", f"{base}/v1/production/queue?limit=100" + (f"&cursor={cursor}" if cursor else ""), token=producer_token)
            assert status == 200 and page["has_more"], (status, page)
            cursor, walked = page["next_cursor"], walked + len(page["data"])
        for name, query in [("queue_first", ""), ("queue_deep", f"?cursor={cursor}")]:
            lines = [f"{producer_token} GET /v1/production/queue{query}"] * 64
            wrk(base, lines, "random", duration=WARMUP)
            results[name] = wrk(base, lines, "random")
            print(f"bench: {name:<17} {results[name]['rps']:>9.0f} req/s  p50 {results[name]['p50_ms']:.2f} ms  p99 {results[name]['p99_ms']:.2f} ms", flush=True)

        # Spreadsheets: a crew of 10 000 imported into the queue company (no webhooks there), then
        # the company of a million downloaded whole.
        results["spreadsheets"] = imports_and_exports(server, admins[QUEUE], QUEUE, BIG, admins[BIG], CREW_ROWS)

        # Webhook fan-out: every order placed now is an event for each of the four endpoints.
        receiver = Receiver()
        endpoint_ids = []
        for i in range(WEBHOOK_ENDPOINTS):
            path = f"/hooks/{i}"
            status, made = request("POST", f"{base}/v1/companies/{SMALL}/webhook-endpoints",
                                   {"url": f"http://127.0.0.1:{receiver.port}{path}", "event_types": ["order.created"],
                                    "description": f"bench receiver {i}"}, token=admins[SMALL])
            assert status == 201, (status, made)
            receiver.secrets[path] = made["secret"]
            endpoint_ids.append(made["id"])
        placing = wrk(base, [f"{admins[SMALL]} POST /v1/companies/{SMALL}/card-orders {order}"] * 64, "random", duration=DURATION // 2)
        placed_at = time.monotonic()
        # Until nothing more arrives for 3 s.
        seen, still = receiver.count, time.monotonic()
        while time.monotonic() - still < 3:
            time.sleep(0.1)
            if receiver.count != seen:
                seen, still = receiver.count, time.monotonic()
        # What the service says it owes: the first endpoint's deliveries (each endpoint gets every event).
        owed, unfinished, cursor = 0, 0, None
        while True:
            status, page = request("GET", f"{base}/v1/companies/{SMALL}/webhook-endpoints/{endpoint_ids[0]}/deliveries?limit=100"
                                   + (f"&cursor={cursor}" if cursor else ""), token=admins[SMALL])
            assert status == 200, (status, page)
            owed += len(page["data"])
            unfinished += sum(1 for d in page["data"] if d["status"] != "succeeded")
            cursor = page["next_cursor"]
            if not cursor:
                break
        expected = owed * WEBHOOK_ENDPOINTS
        span = (receiver.last - receiver.first) if receiver.count > 1 else float("nan")
        results["webhooks"] = {"orders_placed": owed, "placed_per_s": owed / (DURATION // 2), "endpoints": WEBHOOK_ENDPOINTS,
                               "expected": expected, "delivered": len(receiver.seen), "delivered_per_s": receiver.count / span,
                               "drain_after_last_order_s": receiver.last - placed_at if receiver.last else None,
                               "unfinished": unfinished, "bad_signatures": receiver.bad_signatures, "duplicates": receiver.duplicates,
                               "errors": placing["errors"] + (expected - len(receiver.seen)) + unfinished + receiver.bad_signatures}
        w = results["webhooks"]
        print(f"bench: webhooks      {w['delivered_per_s']:>9.0f} deliveries/s ({w['delivered']} of {expected} to {WEBHOOK_ENDPOINTS} endpoints, "
              f"last {w['drain_after_last_order_s']:.1f} s after the last order)", flush=True)

        # Accepts: each order once, by all cardholders at once; no warm-up (orders are used up).
        # The first half of each cardholder's orders here; the second half through the balancer.
        half_orders = ORDERS_PER_CARDHOLDER // 2

        def accept_lines(part):
            per = [[f"{tok} POST /v1/me/card-orders/{o}/accept" for o in part(c["orders"])] for c, tok in sessions]
            # Interleaved so consecutive requests come from different cardholders.
            return [a for group in zip(*per) for a in group]

        accepts = accept_lines(lambda orders: orders[:half_orders])
        results["accept"] = wrk(base, accepts, "once")
        accepted = results["accept"]["ok"]
        print(f"bench: accept        {results['accept']['ok_per_s']:>9.0f} accepted/s ({accepted} of {len(accepts)} orders)", flush=True)

        rss["accept"] = peak_rss_mb(server.pid())

        # Raw argon2 rate on both cores; then logins alone (each cardholder once, round robin); then
        # a second storm with a paced /health/live probe, as a load balancer would send.
        argon2 = json.loads(subprocess.run([os.path.join(BIN, "id06-bench"), "argon2-rate", "--threads", "2", "--seconds", "3"],
                                           capture_output=True, text=True, check=True).stdout)
        logins = [f"- POST /v1/auth/login {json.dumps({'email': c['email'], 'password': seeded['password']}, separators=(',', ':'))}" for c, _ in sessions]
        half = len(logins) // 2
        results["login"] = wrk(base, logins[:half], "once", connections=32, duration=DURATION // 2)
        rss["login"] = peak_rss_mb(server.pid())
        print(f"bench: login         {results['login']['ok_per_s']:>9.1f} logins/s (argon2 alone: {argon2['per_second']:.1f}/s)", flush=True)
        storm = wrk(base, logins[half:], "once", connections=32, duration=DURATION // 2, background=True)
        time.sleep(0.5)
        results["live_during_logins"] = probe(base + "/health/live", DURATION // 2 - 1)
        storm.communicate()
        results["argon2_verifies_per_s"] = argon2["per_second"]
        rss_mb = peak_rss_mb(server.pid())
        # What the requests cost the database, and where the memory is, before anything else runs.
        samples = bench_report.scrape(base)
        results["statements"] = bench_report.statements_per_request(samples)
        results["heap"] = {**bench_report.heap_summary(server.pid()), **bench_report.allocator(samples)}

        if backend == "postgres":
            results["two_instances"] = two_instances(server, extra, reads, accept_lines(lambda orders: orders[half_orders:]), results)

        # Retention over the seeded companies' orders (1M + 10k; the rejected and cancelled ones are
        # due): last, as it erases what the list measurements read.
        results["retention"] = json.loads(subprocess.run(
            [os.path.join(BIN, "id06-bench"), "retention"],
            env=server.env, capture_output=True, text=True, check=True).stdout)

        results["cold_start"] = cold_start(server)

        ratios = {
            "review_vs_ready": results["review"]["rps"] / results["health_ready"]["rps"],
            "list_vs_ready": results["list"]["rps"] / results["health_ready"]["rps"],
            "logins_vs_argon2": results["login"]["ok_per_s"] / argon2["per_second"],
            "company_list_1m_vs_10k_p50": results["list_1m"]["p50_ms"] / results["list_10k"]["p50_ms"],
            "company_list_rejected_1m_vs_10k_p50": results["list_1m_rejected"]["p50_ms"] / results["list_10k_rejected"]["p50_ms"],
            "queue_deep_vs_first_p50": results["queue_deep"]["p50_ms"] / results["queue_first"]["p50_ms"],
            "queue_first_vs_ready": results["queue_first"]["rps"] / results["health_ready"]["rps"],
            "webhook_deliveries_vs_orders_placed": results["webhooks"]["delivered_per_s"] / results["webhooks"]["placed_per_s"],
        }
        errors = sum(results[k]["errors"] for k in ["health_live", "health_ready", "review", "list", "accept", "login", "live_during_logins",
                                                    "list_1m", "list_10k", "list_1m_rejected", "list_10k_rejected", "place",
                                                    "queue_first", "queue_deep", "webhooks", "spreadsheets", "cold_start"])
        errors += results.get("two_instances", {}).get("errors", 0)
        report = {"backend": backend, "connections": CONNECTIONS, "seconds": DURATION, "results": results, "ratios": ratios,
                  "peak_rss_mb": rss_mb, "peak_rss_mb_after": rss, "errors": errors,
                  "statements": results["statements"], "heap": results["heap"]}
        os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
        with open(os.path.join(ROOT, "target", "bench", f"{backend}-latest.json"), "w") as f:
            json.dump(report, f, indent=2)

        bench_report.summary(report, argon2, {"queue_orders": QUEUE_ORDERS, "crew_rows": CREW_ROWS,
                                              "list_orders": BIG_ORDERS + SMALL_ORDERS})
        # A missed target is reported, not failed; an error anywhere fails the run.
        return 1 if errors else 0
    finally:
        server.cleanup()


def two_instances(server, extra, reads, accepts, results):
    """A second instance on the same PostgreSQL (the same keys), HAProxy in front of both; review
    measured direct and through the balancer back to back, accept through the balancer on orders
    not yet accepted (compared with the direct accept measured before)."""
    # Two instances share the machine's cores as a deployment on it would: one request thread
    # each (ID06_WORKERS=1), and one balancer thread; the direct run keeps its default.
    per_instance = {"ID06_WORKERS": str(max(1, (os.cpu_count() or 2) // 2))}
    shared = {**extra, **per_instance, "ID06_JWT_KEY_DIR": server.env["ID06_JWT_KEY_DIR"], "ID06_PIN_KEY_FILE": server.env["ID06_PIN_KEY_FILE"], "ID06_INDEX_KEY_FILE": server.env["ID06_INDEX_KEY_FILE"]}
    second = Server(os.path.join(BIN, "id06-api"), extra_env=shared, demo=False)
    balancer = None
    try:
        out = {}
        wrk(server.base, reads, "random", duration=WARMUP)
        out["review_direct"] = wrk(server.base, reads, "random")
        server.stop()
        server.env.update(per_instance)
        server.log = open(os.path.join(server.dir, "server.log"), "a")
        server.start()
        second.start()
        balancer = Balancer([server.port, second.port], second.dir, threads=1)
        wait_all_up(balancer.base, 2, balancer)
        wrk(balancer.base, reads, "random", duration=WARMUP)
        out["review_balanced"] = wrk(balancer.base, reads, "random")
        out["accept_balanced"] = wrk(balancer.base, accepts, "once")
        out["review_ratio"] = out["review_balanced"]["rps"] / out["review_direct"]["rps"]
        out["accept_ratio"] = out["accept_balanced"]["ok_per_s"] / results["accept"]["ok_per_s"]
        out["peak_rss_mb"] = [peak_rss_mb(server.pid()), peak_rss_mb(second.pid())]
        out["errors"] = sum(out[k]["errors"] for k in ("review_direct", "review_balanced", "accept_balanced"))
        print(f"bench: two instances review {out['review_balanced']['rps']:.0f} req/s vs {out['review_direct']['rps']:.0f} direct; "
              f"accept {out['accept_balanced']['ok_per_s']:.0f}/s vs {results['accept']['ok_per_s']:.0f} direct", flush=True)
        return out
    finally:
        if balancer:
            balancer.stop()
        second.cleanup()


if __name__ == "__main__":
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is missing (make bench installs it)")
    sys.exit(main())
