#!/usr/bin/env python3
"""`make test-faults`: the service under faults, bounded to a few minutes.

- kill -9 of the instance in the middle of a write load, three times (SQLite): every write that
  was acknowledged is there after the restart, each order's audit trail ends in its status, and
  SQLite's integrity_check is ok.
- PostgreSQL stopped and started under load: 503 problem+json within about a second, nothing
  else, and service again without restarting the instance.
- The webhook receiver down and back: every event arrives once it is back; a repeat is
  recognisable by its event id.
- The BankID double down (frozen) and back: a start while it is down is a 503 problem, an
  identification in progress waits and then completes; nothing is lost.

SMTP and the SMS gateway going down and back are tested against real loopback servers by the
Rust tests `smtp::an_smtp_outage_delays_mail_and_loses_none` and
`sms_gateway::a_gateway_outage_delays_the_code_and_sends_it_once`, which `make test-faults` runs
too. Run under scripts/with-postgres.sh (ID06_TEST_POSTGRES_URL, ID06_TEST_POSTGRES_CTL); ID06_BIN
names the binary."""

import concurrent.futures
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server, free_port  # noqa: E402
from receiver import WebhookReceiver  # noqa: E402
from test_cluster import CONTACT, call, check, checks  # noqa: E402

PASSWORD = "demo-password-2026"
COMPANY = "cmp_de0000000000000000000001"
KARIN, KARIN_PHONE = "karin.nilsson@example.se", "+46702223344"
ANNA, ANNA_PHONE = "anna.bankstrom@example.se", "+46705556677"
ORDER_BANKID = "ord_de0000000000000000000006"


def order_body(tag):
    return {"given_names": "Fault", "surname": "Test", "date_of_birth": "1990-01-01", "nationality": "SE",
            "cardholder_email": f"fault.{tag}@example.se", "cardholder_phone": "070-111 22 33", "valid_until": "2029-01-01"}


def kill9_under_load(binary):
    server = Server(binary)
    acknowledged, other = [], {}
    try:
        server.start()
        token = server.sign_in_as(KARIN, PASSWORD, KARIN_PHONE)
        for round_ in range(3):
            stop = threading.Event()

            def place(worker):
                n = 0
                while not stop.is_set():
                    n += 1
                    tag = f"{round_}-{worker}-{n}-{uuid.uuid4().hex[:6]}"
                    try:
                        s, body, _ = call("POST", f"{server.base}/v1/companies/{COMPANY}/card-orders", order_body(tag), token, timeout=5)
                    except OSError:
                        continue  # killed mid-request: not acknowledged
                    if s == 201:
                        acknowledged.append(body["id"])
                    else:
                        other[s] = other.get(s, 0) + 1

            threads = [threading.Thread(target=place, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            # Killed once the round has had orders acknowledged, however slow the machine (the
            # first order after a start loads the phone-number metadata: a second in a debug
            # build), then a moment later, while orders are in flight.
            before, since = len(acknowledged), time.monotonic()
            while len(acknowledged) < before + 15 and time.monotonic() - since < 30:
                time.sleep(0.05)
            time.sleep(0.5)
            server.proc.kill()  # SIGKILL: no goodbye
            server.proc.wait()
            stop.set()
            for t in threads:
                t.join()
            server.log.close()
            server.log = open(os.path.join(server.dir, "server.log"), "a")
            server.start()
        missing, inconsistent = [], []
        for order_id in acknowledged:
            s, order, _ = call("GET", f"{server.base}/v1/companies/{COMPANY}/card-orders/{order_id}", token=token)
            if s != 200:
                missing.append((order_id, s))
                continue
            s, events, _ = call("GET", f"{server.base}/v1/companies/{COMPANY}/card-orders/{order_id}/events", token=token)
            trail = events.get("data", []) if isinstance(events, dict) else []
            if s != 200 or not trail or trail[-1].get("to_status") != order["status"]:
                inconsistent.append(order_id)
        check(f"kill -9 three times under load: all {len(acknowledged)} acknowledged orders are there after the restarts",
              len(acknowledged) > 30 and not missing, (len(acknowledged), missing[:3], "other answers", other))
        check("each order's audit trail ends in the order's status", not inconsistent, inconsistent[:3])
        server.stop()
        db = os.path.join(server.dir, "id06.db")
        result = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
        check("SQLite integrity_check after the kills", result == "ok", result)
    finally:
        server.cleanup()


def postgres_outage(binary, database, pgctl, receiver):
    server = Server(binary, extra_env={"ID06_DATABASE_URL": database, "ID06_WEBHOOKS_ALLOW_PRIVATE": "true"})
    try:
        server.start()
        pid = server.proc.pid
        token = server.sign_in_as(KARIN, PASSWORD, KARIN_PHONE)
        samples = []
        stop = threading.Event()

        def load():
            while not stop.is_set():
                t0 = time.monotonic()
                try:
                    s, body, h = call("GET", f"{server.base}/v1/companies/{COMPANY}/card-orders?limit=5", token=token, timeout=10)
                    samples.append((t0, time.monotonic() - t0, s, h.get("Content-Type", "")))
                except OSError as e:
                    samples.append((t0, time.monotonic() - t0, str(e), ""))
                time.sleep(0.02)

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(1)
        down_at = time.monotonic()
        subprocess.run([pgctl, "stop"], check=True)
        stopped_at = time.monotonic()
        time.sleep(3)
        starting_at = time.monotonic()
        subprocess.run([pgctl, "start"], check=True)
        up_at = time.monotonic()
        time.sleep(4)
        stop.set()
        for t in threads:
            t.join()
        during = [x for x in samples if stopped_at + 0.1 < x[0] and x[0] + x[1] < starting_at]
        first_503 = min((x[0] + x[1] for x in samples if x[2] == 503 and x[0] >= down_at), default=None)
        check("PostgreSQL stopped: every answer meanwhile is 503 problem+json, none slower than 2 s",
              during and all(x[2] == 503 and x[3].startswith("application/problem+json") and x[1] < 2 for x in during),
              sorted({(x[2], x[3]) for x in during}))
        check("the first 503 came within about a second of the stop",
              first_503 is not None and first_503 - stopped_at < 1.5, None if first_503 is None else first_503 - stopped_at)
        recovered = [x for x in samples if x[0] > up_at and x[2] == 200]
        check("PostgreSQL back: the same instance serves again without a restart (within 3 s)",
              recovered and recovered[0][0] - up_at < 3 and server.proc.pid == pid and server.proc.poll() is None,
              recovered[0][0] - up_at if recovered else "no 200 after the start")
        # The webhook receiver down and back, on the same instance.
        status, endpoint, _ = call("POST", f"{server.base}/v1/companies/{COMPANY}/webhook-endpoints",
                                   {"url": f"http://127.0.0.1:{receiver.port}/faults", "event_types": ["order.created"]}, token)
        assert status == 201, (status, endpoint)
        receiver.secrets["/faults"] = endpoint["secret"]
        receiver.up = False
        for i in range(5):
            s, _, _ = call("POST", f"{server.base}/v1/companies/{COMPANY}/card-orders", order_body(f"hook-{i}"), token)
            assert s == 201
        time.sleep(2)
        during_outage = len({k for k in receiver.seen if k[0] == "/faults"})
        receiver.up = True
        deadline = time.time() + 40
        while time.time() < deadline and len({k for k in receiver.seen if k[0] == "/faults"}) < 5:
            time.sleep(0.5)
        got = {k for k in receiver.seen if k[0] == "/faults"}
        check("the webhook receiver down and back: all 5 events arrive after it is back, repeats recognisable by event id",
              during_outage == 0 and len(got) == 5 and receiver.bad_signatures == 0, (during_outage, len(got), receiver.duplicates))
    finally:
        server.cleanup()


def bankid_outage(binary):
    port = free_port()
    double_log = open(os.devnull, "w")
    double = subprocess.Popen([binary, "bankid-double", "--bind", f"127.0.0.1:{port}"], stdout=double_log, stderr=double_log)
    server = Server(binary, extra_env={"ID06_BANKID_URL": f"http://127.0.0.1:{port}/rp/v6.0",
                                       "ID06_BANKID_COLLECT_INTERVAL_MS": "200"})
    try:
        server.start()
        token = server.sign_in_as(ANNA, PASSWORD, ANNA_PHONE)
        base = f"{server.base}/v1/me/card-orders/{ORDER_BANKID}/bankid"
        # Down (frozen: connections hang until the client gives up): a start is refused.
        double.send_signal(signal.SIGSTOP)
        t0 = time.monotonic()
        s_start, _, h = call("POST", base, token=token, timeout=30)
        took = time.monotonic() - t0
        check("BankID down: a start is a 503 problem+json after the client's timeout, not a hang",
              s_start == 503 and h.get("Content-Type", "").startswith("application/problem+json") and took < 15, (s_start, took))
        double.send_signal(signal.SIGCONT)
        # The start that timed out reached BankID after all: BankID refuses the next one for the
        # same person (alreadyInProgress, RFA4) and cancels both, so trying again works.
        s, started, _ = call("POST", base, token=token)
        if s == 409 and started.get("code") == "bankid_already_in_progress":
            s, started, _ = call("POST", base, token=token)
        assert s == 201, (s, started)
        path = f"{base}/{started['id']}"
        # Down while an identification is in progress: it waits.
        double.send_signal(signal.SIGSTOP)
        answers = []
        for _ in range(10):
            s, v, _ = call("GET", path, token=token)
            answers.append((s, v.get("status") if isinstance(v, dict) else v))
            time.sleep(0.3)
        check("BankID down: polls keep answering pending", all(a == (200, "pending") for a in answers), answers)
        double.send_signal(signal.SIGCONT)
        deadline = time.time() + 25
        final = None
        while time.time() < deadline:
            s, v, _ = call("GET", path, token=token)
            if v.get("status") != "pending":
                final = v
                break
            time.sleep(0.2)
        check("BankID back: the identification in progress completes and the identity is verified",
              final is not None and final["status"] == "complete" and final["verified_identity"]["surname"] == "Bänkström",
              final)
        s, review, _ = call("GET", f"{server.base}/v1/me/card-orders/{ORDER_BANKID}", token=token)
        call("PUT", f"{server.base}/v1/me/contact-details", CONTACT, token)
        s, accepted, _ = call("POST", f"{server.base}/v1/me/card-orders/{ORDER_BANKID}/accept", token=token)
        check("and the order is accepted", s == 200 and accepted["order"]["status"] == "approved", (s, review.get("identity_check")))
    finally:
        double.send_signal(signal.SIGCONT)
        double.terminate()
        double.wait(timeout=10)
        server.cleanup()


def main():
    binary = os.environ["ID06_BIN"]
    started = time.time()
    receiver = WebhookReceiver()
    kill9_under_load(binary)
    postgres_outage(binary, os.environ["ID06_TEST_POSTGRES_URL"], os.environ["ID06_TEST_POSTGRES_CTL"], receiver)
    bankid_outage(binary)
    failed = [n for n, ok in checks if not ok]
    print(f"test-faults: {len(checks) - len(failed)} of {len(checks)} checks passed in {time.time() - started:.0f} s", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
