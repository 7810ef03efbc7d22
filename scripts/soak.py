#!/usr/bin/env python3
"""The hostile-traffic soak of `make bench` (also `make soak`): a million anonymous requests, each
from an address the server has not seen (every other one from a new IPv6 /64), through a trusted
proxy's X-Forwarded-For, against the release build with its production quota for anonymous
callers. Prints the server's RSS before and after (target: growth <= 32 MB, the per-caller
counters being bounded) and the p99 of /health/live probed during it, and writes
target/bench/soak-latest.json."""
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server  # noqa: E402
from bench import probe  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA = os.path.join(ROOT, "bench", "distinct.lua")
REQUESTS = int(os.environ.get("SOAK_REQUESTS", "1000000"))
CHUNK_SECONDS = 15


def rss_mb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def main():
    server = Server(os.path.join(ROOT, "target", "release", "id06-api"), extra_env={
        "ID06_TRUSTED_PROXIES": "127.0.0.1",
        "ID06_QUOTA_ANONYMOUS": "600",
    }, demo=False).start()
    try:
        url = f"{server.base}/v1/me"
        # Warm: the allocator's pools and the connection set, so "before" is a steady state.
        subprocess.run(["wrk", "-t", "2", "-c", "64", "-d", "2s", "-s", LUA, url], capture_output=True, check=True)
        time.sleep(1.5)
        before = rss_mb(server.pid())
        health = {}
        sent, started = 0, time.monotonic()
        stop = threading.Event()

        def probing():
            results = []
            while not stop.is_set():
                results.append(probe(f"{server.base}/health/live", 5))
            p99s = [r["p99_ms"] for r in results if r["p99_ms"] is not None]
            health.update({"p99_ms": max(p99s) if p99s else None, "errors": sum(r["errors"] for r in results)})

        prober = threading.Thread(target=probing)
        prober.start()
        while sent < REQUESTS:
            out = subprocess.run(["wrk", "-t", "2", "-c", "64", "-d", f"{CHUNK_SECONDS}s", "-s", LUA, url],
                                 capture_output=True, text=True, check=True).stdout
            sent += int(re.search(r"(\d+) requests in", out).group(1))
        elapsed = time.monotonic() - started
        stop.set()
        prober.join()
        time.sleep(2)  # a flush and a sweep
        after = rss_mb(server.pid())
        peak = rss_mb(server.pid(), "VmHWM")
        growth = after - before
        result = {"requests": sent, "seconds": round(elapsed, 1), "rps": round(sent / elapsed),
                  "rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1),
                  "rss_peak_mb": round(peak, 1), "growth_mb": round(growth, 1),
                  "health_live_p99_ms": health.get("p99_ms"), "health_errors": health.get("errors")}
        os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
        with open(os.path.join(ROOT, "target", "bench", "soak-latest.json"), "w") as f:
            json.dump(result, f, indent=2)
        print(f"soak: {sent} requests from distinct addresses in {elapsed:.0f} s ({sent / elapsed:.0f}/s); "
              f"RSS {before:.1f} MB before, {after:.1f} MB after (growth {growth:.1f} MB, target <= 32; peak {peak:.1f}); "
              f"/health/live p99 {health.get('p99_ms') or 0:.1f} ms during it, {health.get('errors')} errors")
        return 0 if growth <= 32 else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
