"""What `make bench` prints at its end: every measure with its target (issue 21's table, and the
figures the earlier issues hold), the database statements per request read from the server's own
/metrics, a heap summary read from /proc, then the details of each phase."""

import re
import urllib.request

METRICS_TOKEN = "bench-metrics-scraper-0001"
# The route templates whose statements are reported: (method, template).
ROUTES = {
    "review": ("GET", "/v1/me/card-orders/{order_id}"),
    "accept": ("POST", "/v1/me/card-orders/{order_id}/accept"),
    "place": ("POST", "/v1/companies/{company_id}/card-orders"),
}


def scrape(base):
    """The server's metrics as {name: [(labels, value)]}."""
    req = urllib.request.Request(base + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
    samples = {}
    for line in text.splitlines():
        m = re.match(r"^([a-z_]+)(?:\{(.*)\})? (\S+)$", line)
        if m:
            labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
            samples.setdefault(m.group(1), []).append((labels, float(m.group(3))))
    return samples


def statements_per_request(samples):
    """Statements each route's requests sent, on average (all statuses; BEGIN and COMMIT count)."""
    out = {}
    for name, (method, route) in ROUTES.items():
        def total(metric):
            return sum(v for labels, v in samples.get(metric, []) if labels.get("route") == route and labels.get("method") == method)
        requests = total("http_requests_total")
        out[name] = {"requests": requests, "statements": total("db_statements_total"),
                     "per_request": total("db_statements_total") / requests if requests else None}
    return out


def allocator(samples):
    """jemalloc's own counters (MB) and the writes per SQLite commit, as /metrics serves them."""
    def value(name):
        return sum(v for _, v in samples.get(name, [])) if name in samples else None
    out = {k: (value(f"heap_{k}_bytes") or 0) / 1e6 for k in ("allocated", "active", "resident", "retained")}
    commits, writes = value("db_write_commits_total"), value("db_writes_committed_total")
    out["writes_per_commit"] = writes / commits if commits else None
    return out


def heap_summary(pid):
    """Where the resident set is: anonymous memory (the heap, the threads' stacks), the binary
    and libraries mapped from files; the peak; the threads."""
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.strip()

    def mb(key):
        return int(status.get(key, "0 kB").split()[0]) / 1024
    heap = 0.0
    with open(f"/proc/{pid}/smaps") as f:
        in_heap = False
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                # The main heap ([heap]) and the anonymous mappings without a name (the allocators').
                fields = line.split()
                in_heap = len(fields) < 6 or fields[5] == "[heap]"
            elif in_heap and line.startswith("Rss:"):
                heap += int(line.split()[1]) / 1024
    return {"rss_mb": mb("VmRSS"), "peak_mb": mb("VmHWM"), "anon_mb": mb("RssAnon"), "file_mb": mb("RssFile"),
            "heap_and_arenas_mb": heap, "threads": int(status.get("Threads", "0"))}


def mark(met):
    return "met" if met else "MISSED"


def targets(report):
    """Every row of the table with its target; PostgreSQL's rows when the run was on it."""
    r, ratios, rss = report["results"], report["ratios"], report["peak_rss_mb_after"]
    a, p, rv = r["accept"], r["place"], r["review"]
    rows = [
        ("peak RSS during the run", f"{report['peak_rss_mb']:.0f} MB (idle after start {rss['idle']:.0f} MB)", "<= 64 MB, idle <= 32 MB",
         report["peak_rss_mb"] <= 64 and rss["idle"] <= 32),
        ("accepts per second / p99", f"{a['ok_per_s']:.0f}/s / {a['p99_ms']:.0f} ms", ">= 2 000/s, p99 <= 50 ms",
         a["ok_per_s"] >= 2000 and a["p99_ms"] <= 50),
        ("orders placed per second / p99", f"{p['ok_per_s']:.0f}/s / {p['p99_ms']:.0f} ms", ">= 1 500/s, p99 <= 50 ms",
         p["ok_per_s"] >= 1500 and p["p99_ms"] <= 50),
        ("review GET / ready (p99)", f"{ratios['review_vs_ready']:.2f} ({rv['p99_ms']:.1f} ms)",
         ">= 0.5 (<= 20 ms)" if report["backend"] == "postgres" else ">= 0.5, p99 <= 10 ms",
         ratios["review_vs_ready"] >= 0.5 and rv["p99_ms"] <= (20 if report["backend"] == "postgres" else 10)),
        ("list GET / ready", f"{ratios['list_vs_ready']:.2f}", ">= 0.4", ratios["list_vs_ready"] >= 0.4),
        ("release binary / cold start", f"{r['cold_start']['binary_mb']:.1f} MB / {r['cold_start']['median_ms'] or 0:.0f} ms",
         "<= 40 MB, <= 100 ms", r["cold_start"]["binary_mb"] <= 40 and (r["cold_start"]["median_ms"] or 1e9) <= 100),
        ("logins / argon2", f"{ratios['logins_vs_argon2']:.2f}", ">= 0.9", ratios["logins_vs_argon2"] >= 0.9),
        ("/health/live p99 during logins", f"{r['live_during_logins']['p99_ms']:.2f} ms", "<= 5 ms", r["live_during_logins"]["p99_ms"] <= 5),
        ("company list p50, 1M / 10k", f"{ratios['company_list_1m_vs_10k_p50']:.2f}", "<= 1.5", ratios["company_list_1m_vs_10k_p50"] <= 1.5),
        ("queue p50, deep / first", f"{ratios['queue_deep_vs_first_p50']:.2f}", "<= 1.5", ratios["queue_deep_vs_first_p50"] <= 1.5),
        ("webhook fan-out to 4 endpoints", f"{ratios['webhook_deliveries_vs_orders_placed']:.2f} per order/s, "
         f"{r['webhooks']['expected'] - r['webhooks']['delivered']} lost, last {r['webhooks']['drain_after_last_order_s']:.1f} s after",
         "keeps pace (4), 0 lost", ratios["webhook_deliveries_vs_orders_placed"] >= 3.6 and r["webhooks"]["expected"] == r["webhooks"]["delivered"]),
    ]
    if "two_instances" in r:
        t = r["two_instances"]
        rows.append(("two instances / one direct", f"review {t['review_ratio']:.2f}, accept {t['accept_ratio']:.2f}", ">= 0.8 both",
                     t["review_ratio"] >= 0.8 and t["accept_ratio"] >= 0.8))
    print(f"{'measure (' + report['backend'] + ')':<34}{'now':<44}{'target':<28}")
    for label, now, target, met in rows:
        print(f"{label:<34}{now:<44}{target:<28}{mark(met)}")
    s = report.get("statements") or {}
    print("statements per request (BEGIN and COMMIT included): " + ", ".join(
        f"{k} {v['per_request']:.1f}" for k, v in s.items() if v["per_request"] is not None))
    h = report.get("heap")
    if h:
        print(f"heap summary at the end of the load: RSS {h['rss_mb']:.0f} MB = anonymous {h['anon_mb']:.0f} MB "
              f"(the allocators' anonymous mappings {h['heap_and_arenas_mb']:.0f} MB, the rest stacks and others) "
              f"+ files {h['file_mb']:.0f} MB (the binary, libraries); peak {h['peak_mb']:.0f} MB; {h['threads']} threads")
        print(f"  jemalloc: allocated {h['allocated']:.1f} MB, active {h['active']:.1f} MB, resident {h['resident']:.1f} MB, "
              f"retained (mapped, given back) {h['retained']:.1f} MB")
    if h and h.get("writes_per_commit"):
        print(f"SQLite writes per commit (group commit): {h['writes_per_commit']:.2f}")


def summary(report, argon2, sizes):
    """The issue's table, then each phase's figures."""
    results, ratios, errors, backend = report["results"], report["ratios"], report["errors"], report["backend"]
    print()
    targets(report)
    print()
    print(f"{'endpoint':<34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    rows = [("GET /health/live", "health_live"), ("GET /health/ready", "health_ready"), ("GET /v1/me/card-orders/{id}", "review"),
            ("GET /v1/me/card-orders", "list"), ("POST .../accept (accepted/s)", "accept"), ("POST /v1/auth/login (step one)", "login"),
            ("GET /health/live during logins", "live_during_logins"),
            ("company orders, 1M, first page", "list_1m"), ("company orders, 10k, first page", "list_10k"),
            ("company orders, 1M, ?status=rejected", "list_1m_rejected"), ("company orders, 10k, ?status=", "list_10k_rejected"),
            ("POST .../card-orders (placed/s)", "place"),
            ("production queue, first page", "queue_first"), ("production queue, 50k deep", "queue_deep")]
    for label, key in rows:
        r = results[key]
        rate = r["ok_per_s"] if key in ("accept", "login", "place") else r["rps"]
        print(f"{label:<34}{rate:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['errors']:>8}")
    print()
    print(f"raw argon2id verifies/s (2 threads): {argon2['per_second']:.1f}")
    print(f"production queue p50 over {sizes['queue_orders']} approved orders: 50k deep / first page {ratios['queue_deep_vs_first_p50']:.2f}   (target <= 1.5); "
          f"first page / ready {ratios['queue_first_vs_ready']:.2f}")
    w = results["webhooks"]
    print(f"webhook fan-out:  {w['delivered_per_s']:.0f} deliveries/s to {w['endpoints']} endpoints "
          f"({ratios['webhook_deliveries_vs_orders_placed']:.2f} per order placed per second, {w['endpoints']} = kept pace; "
          f"the last arrived {w['drain_after_last_order_s']:.1f} s after the last order); "
          f"{w['delivered']} of {w['expected']}, {w['bad_signatures']} bad signatures, {w['duplicates']} repeated (allowed: at least once)")
    if "two_instances" in results:
        t = results["two_instances"]
        print(f"two instances behind HAProxy / one instance direct (same run): review {t['review_ratio']:.2f}, accept {t['accept_ratio']:.2f}   (target >= 0.8)")
        print(f"  review: direct {t['review_direct']['rps']:.0f} req/s p99 {t['review_direct']['p99_ms']:.2f} ms; balanced {t['review_balanced']['rps']:.0f} req/s p99 {t['review_balanced']['p99_ms']:.2f} ms")
        print(f"  accept: direct {results['accept']['ok_per_s']:.0f}/s p99 {results['accept']['p99_ms']:.2f} ms; balanced {t['accept_balanced']['ok_per_s']:.0f}/s p99 {t['accept_balanced']['p99_ms']:.2f} ms")
        print(f"  peak RSS per instance: {t['peak_rss_mb'][0]:.1f} MB, {t['peak_rss_mb'][1]:.1f} MB; errors {t['errors']}")
    s = results["spreadsheets"]
    for fmt in ("csv", "xlsx"):
        x = s[fmt]
        print(f"import {fmt:<4} {sizes['crew_rows']} rows: dry run {x['dry_run_rows_per_s']:.0f} rows/s, peak RSS {x['dry_run_peak_rss_mb']:.1f} MB "
              f"(+{x['dry_run_rss_growth_mb']:.1f}); import {x['import_rows_per_s']:.0f} rows/s ({x['placed']} placed), "
              f"peak RSS {x['import_peak_rss_mb']:.1f} MB (+{x['import_rss_growth_mb']:.1f})")
    e = s["export_csv"]
    print(f"export of {e['rows']} orders as CSV: {e['rows_per_s']:.0f} rows/s ({e['bytes'] / 1e6:.0f} MB in {e['seconds']:.1f} s), "
          f"peak RSS {e['peak_rss_mb']:.1f} MB (+{e['rss_growth_mb']:.1f} while it ran)")
    r = results["retention"]
    print(f"retention over {sizes['list_orders']} orders: {r['orders_erased']} closed orders erased in {r['seconds']:.1f} s "
          f"({r['orders_per_second']:.0f}/s, with their trail entries and the security log); a run with nothing due: {r['again_seconds'] * 1000:.0f} ms")
    c = results["cold_start"]
    print(f"release binary: {c['binary_mb']:.1f} MB (target <= 40); cold start to /health/ready: {c['median_ms']:.0f} ms "
          f"(median of {len(c['samples_ms'])}, target <= 100)")
    print(f"errors anywhere: {errors} (target 0)")
    print(f"report: target/bench/{backend}-latest.json")
