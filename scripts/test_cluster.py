#!/usr/bin/env python3
"""`make test-cluster`: two instances of the service on one throwaway PostgreSQL behind
HAProxy, checked to behave as one service.

- Sign-in step one on one instance and step two on the other.
- A refresh, a reused refresh token and a logout on one instance are seen at once by the other.
- Failed sign-ins are counted across instances: the eleventh wrong password for an email is
  refused on either instance.
- An idempotency key used on one instance is replayed by the other.
- 50 concurrent accepts of one order spread over both through the balancer: exactly one 200.
- The outbox and webhook workers of both instances deliver every message and event exactly once;
  deliveries in flight when both instances are killed (-9) are delivered after the restart, once
  their claims lapse (a repeat carries the same event id).
- A rolling restart (SIGTERM, exit 0, start again; one instance, then the other) under load
  through the balancer loses no request.
- Neither instance logged an error (the housekeeping and expiry jobs ran on both all along).

Run by `make test-cluster` under scripts/with-postgres.sh; ID06_BIN names the binary."""

import concurrent.futures
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster  # noqa: E402
from harness import sms_code  # noqa: E402
from receiver import WebhookReceiver  # noqa: E402

PASSWORD = "demo-password-2026"
ASA, ASA_PHONE = "asa.oberg@example.se", "+46704450723"
ERIK, ERIK_PHONE = "erik.lindstrom@example.se", "+46701234567"
KARIN, KARIN_PHONE = "karin.nilsson@example.se", "+46702223344"
COMPANY = "cmp_de0000000000000000000001"
ORDER_MATCHING, ORDER_ERIK = "ord_de0000000000000000000001", "ord_de0000000000000000000003"
CONTACT = {"phone": "070-445 07 23", "email": "x@example.se", "address": "Storgatan 12", "postal_code": "114 55", "city": "Stockholm", "country": "SE"}

checks = []


def check(name, ok, detail=""):
    checks.append((name, ok))
    print(f"{'PASS' if ok else 'FAIL'}  {name}{'' if ok else '  -- ' + str(detail)}", flush=True)


def call(method, url, body=None, token=None, headers=None, timeout=30):
    """Status, JSON body and headers; never raises for an HTTP status."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null"), r.headers
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw or b"null"), e.headers
        except ValueError:
            return e.code, raw.decode(errors="replace"), e.headers


def code_for(cluster, phone, after, timeout=20):
    """The code of the first SMS to `phone` after the first `after` lines of the shared file."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with open(cluster.sms_file) as f:
                lines = f.readlines()
            for line in lines[after:]:
                if line.endswith("\n") and f'"{phone}"' in line:
                    return sms_code(json.loads(line)["message"])
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no SMS to {phone}")


def sms_lines(cluster):
    try:
        with open(cluster.sms_file) as f:
            return len(f.readlines())
    except OSError:
        return 0


def sign_in(cluster, email, phone, first, second):
    """Step one on instance `first`, step two on instance `second`: the tokens."""
    a, b = cluster.instances[first], cluster.instances[second]
    before = sms_lines(cluster)
    status, challenge, _ = call("POST", f"{a.base}/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200, (status, challenge)
    code = code_for(cluster, phone, before)
    status, tokens, _ = call("POST", f"{b.base}/v1/auth/login/verify", {"challenge_id": challenge["challenge_id"], "code": code})
    return status, tokens


def sessions_and_throttling(cluster):
    a, b = cluster.instances
    status, tokens = sign_in(cluster, ASA, ASA_PHONE, 0, 1)
    check("sign-in: step one on one instance, step two on the other", status == 200, tokens)
    # Refresh on A; the old refresh token reused on B ends the session everywhere.
    status, fresh, _ = call("POST", f"{a.base}/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    check("refresh on one instance", status == 200, fresh)
    status, body, _ = call("POST", f"{b.base}/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    check("the replaced refresh token is refused by the other instance", status == 401, (status, body))
    s1, _, _ = call("GET", f"{a.base}/v1/me", token=fresh["access_token"])
    s2, _, _ = call("GET", f"{b.base}/v1/me", token=fresh["access_token"])
    check("reusing it ended the session on both instances at once", (s1, s2) == (401, 401), (s1, s2))
    # Logout on B is seen by A at once.
    status, tokens = sign_in(cluster, ASA, ASA_PHONE, 1, 0)
    s0, _, _ = call("GET", f"{a.base}/v1/me", token=tokens["access_token"])
    status, _, _ = call("POST", f"{b.base}/v1/auth/logout", token=tokens["access_token"])
    s1, _, _ = call("GET", f"{a.base}/v1/me", token=tokens["access_token"])
    check("logout on one instance is seen by the other at once", (s0, status, s1) == (200, 204, 401), (s0, status, s1))
    # Ten wrong passwords for one email, alternating instances; the eleventh is refused on both.
    # An email without an account: limits count per email whether or not an account has it.
    email = "nobody.cluster@example.se"
    answers = [call("POST", f"{cluster.instances[i % 2].base}/v1/auth/login", {"email": email, "password": "wrong password!!"})[0] for i in range(10)]
    s_a, _, h_a = call("POST", f"{a.base}/v1/auth/login", {"email": email, "password": "wrong password!!"})
    s_b, _, _ = call("POST", f"{b.base}/v1/auth/login", {"email": email, "password": PASSWORD})
    check("failed sign-ins are counted across instances (10 × 401, then 429 on both)",
          answers == [401] * 10 and s_a == 429 and s_b == 429 and h_a.get("Retry-After"), (answers, s_a, s_b))


def idempotency_and_one_winner(cluster):
    a, b = cluster.instances
    status, asa = sign_in(cluster, ASA, ASA_PHONE, 0, 1)
    call("PUT", f"{a.base}/v1/me/contact-details", CONTACT, asa["access_token"])
    key = {"Idempotency-Key": str(uuid.uuid4())}
    s1, first, _ = call("POST", f"{a.base}/v1/me/card-orders/{ORDER_MATCHING}/accept", token=asa["access_token"], headers=key)
    s2, again, h2 = call("POST", f"{b.base}/v1/me/card-orders/{ORDER_MATCHING}/accept", token=asa["access_token"], headers=key)
    check("an idempotency key used on one instance is replayed by the other",
          s1 == 200 and s2 == 200 and again == first and h2.get("Idempotent-Replayed") == "true", (s1, s2, h2.get("Idempotent-Replayed")))
    status, erik = sign_in(cluster, ERIK, ERIK_PHONE, 1, 0)
    call("PUT", f"{b.base}/v1/me/contact-details", CONTACT, erik["access_token"])
    url = f"{cluster.base}/v1/me/card-orders/{ORDER_ERIK}/accept"
    barrier = threading.Barrier(50)

    def accept(_):
        barrier.wait()
        s, _, h = call("POST", url, token=erik["access_token"])
        return s, h.get("X-Served-By")

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        results = list(pool.map(accept, range(50)))
    statuses = sorted(s for s, _ in results)
    served = {by for _, by in results}
    check("50 concurrent accepts of one order over both instances: exactly one 200, the rest 409",
          statuses.count(200) == 1 and statuses.count(409) == 49 and len(served) == 2, (statuses, served))


def outbox_and_webhooks_exactly_once(cluster):
    a, b = cluster.instances
    _, karin = sign_in(cluster, KARIN, KARIN_PHONE, 0, 1)
    receiver = WebhookReceiver()
    status, endpoint, _ = call("POST", f"{a.base}/v1/companies/{COMPANY}/webhook-endpoints",
                               {"url": f"http://127.0.0.1:{receiver.port}/hook", "event_types": ["order.created"]}, karin["access_token"])
    assert status == 201, (status, endpoint)
    receiver.secrets["/hook"] = endpoint["secret"]
    before = len(cluster.emails())
    n = 20
    for i in range(n):
        order = {"given_names": "Test", "surname": "Person " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26], "date_of_birth": "1990-01-01", "nationality": "SE",
                 "cardholder_email": f"cluster{i}@example.se", "cardholder_phone": "070-111 22 33", "valid_until": "2029-01-01"}
        status, body, _ = call("POST", f"{cluster.base}/v1/companies/{COMPANY}/card-orders", order, karin["access_token"])
        assert status == 201, (status, body)
    deadline = time.time() + 30
    while time.time() < deadline and (len(cluster.emails()) - before < 2 * n or receiver.count < n):
        time.sleep(0.2)
    time.sleep(2)  # anything sent twice would land by now
    mails = cluster.emails()[before:]
    keys = [(m["to"], m["subject"]) for m in mails]
    check(f"the outbox workers of both instances sent each of {2 * n} emails exactly once",
          len(keys) == 2 * n and len(set(keys)) == 2 * n, (len(keys), len(set(keys))))
    check(f"the webhook workers of both instances delivered each of {n} events exactly once, signed",
          receiver.count == n and receiver.duplicates == 0 and receiver.bad_signatures == 0,
          (receiver.count, receiver.duplicates, receiver.bad_signatures))


def killed_mid_delivery(cluster):
    """Both instances killed (-9) while a slow receiver holds their deliveries: once their claims
    lapse the restarted instances deliver every event; what the receiver saw twice has the same
    event id."""
    _, karin = sign_in(cluster, KARIN, KARIN_PHONE, 0, 1)
    receiver = WebhookReceiver(delay=2.0)
    status, endpoint, _ = call("POST", f"{cluster.base}/v1/companies/{COMPANY}/webhook-endpoints",
                               {"url": f"http://127.0.0.1:{receiver.port}/slow", "event_types": ["order.created"]}, karin["access_token"])
    assert status == 201, (status, endpoint)
    receiver.secrets["/slow"] = endpoint["secret"]
    n = 4
    for i in range(n):
        order = {"given_names": "Slow", "surname": "Person " + "ABCD"[i], "date_of_birth": "1990-01-01", "nationality": "SE",
                 "cardholder_email": f"slow{i}@example.se", "cardholder_phone": "070-111 22 33", "valid_until": "2029-01-01"}
        status, body, _ = call("POST", f"{cluster.base}/v1/companies/{COMPANY}/card-orders", order, karin["access_token"])
        assert status == 201, (status, body)
    deadline = time.time() + 10
    while receiver.arrived == 0 and time.time() < deadline:
        time.sleep(0.05)
    in_flight = receiver.arrived
    # What is in flight now is never acknowledged: the receiver answers it 503 after its delay
    # (its sender is dead by then anyway).
    receiver.up = False
    for i in range(len(cluster.instances)):
        cluster.stop_instance(i, signal.SIGKILL)
    for i in range(len(cluster.instances)):
        cluster.restart_instance(i)
    cluster.wait_all_up()
    time.sleep(2.5)
    receiver.delay = 0
    receiver.up = True
    lapsed_after = time.time()
    deadline = time.time() + 120
    while time.time() < deadline and len({k for k in receiver.seen if k[0] == "/slow"}) < n:
        time.sleep(0.5)
    got = {k for k in receiver.seen if k[0] == "/slow"}
    check(f"deliveries in flight when both instances were killed (-9) are delivered once their claims lapse ({n} events, "
          f"{time.time() - lapsed_after:.0f} s after the restart)",
          in_flight > 0 and len(got) == n and receiver.bad_signatures == 0, (in_flight, len(got), receiver.duplicates))


def rolling_restart_under_load(cluster):
    stop = threading.Event()
    results = []
    _, asa = sign_in(cluster, ASA, ASA_PHONE, 0, 1)
    token = asa["access_token"]

    def load():
        while not stop.is_set():
            try:
                s, _, _ = call("GET", f"{cluster.base}/v1/me/card-orders", token=token, timeout=30)
                s2, _, _ = call("PATCH", f"{cluster.base}/v1/me/contact-details", {"city": "Umeå"}, token,
                                headers={"Content-Type": "application/merge-patch+json"}, timeout=30)
                results.append((s, s2))
            except OSError as e:
                results.append((str(e), None))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    codes = []
    try:
        for i in range(len(cluster.instances)):
            time.sleep(1.5)
            codes.append(cluster.stop_instance(i, signal.SIGTERM))
            cluster.restart_instance(i)
            cluster.wait_all_up()
        time.sleep(1.5)
    finally:
        stop.set()
        for t in threads:
            t.join()
    bad = [r for r in results if r != (200, 200)]
    check("SIGTERM: each instance finished its requests and exited 0", codes == [0, 0], codes)
    check(f"a rolling restart of both instances under load lost none of {len(results) * 2} requests", not bad and len(results) > 20,
          (len(results), bad[:5]))
    check("each stopped instance logged that it stopped", len(cluster.logs_with("stopped")) >= 2,
          len(cluster.logs_with("stopped")))


def main():
    binary = os.environ["ID06_BIN"]
    database = os.environ["ID06_TEST_POSTGRES_URL"]
    started = time.time()
    with Cluster(binary, database, extra_env={"ID06_LOG": "info"}) as cluster:
        print(f"cluster: 2 instances ({', '.join(s.base for s in cluster.instances)}) behind HAProxy at {cluster.base}", flush=True)
        sessions_and_throttling(cluster)
        idempotency_and_one_winner(cluster)
        outbox_and_webhooks_exactly_once(cluster)
        rolling_restart_under_load(cluster)
        killed_mid_delivery(cluster)
        errors = [l for l in cluster.logs_with('"level":"ERROR"') + cluster.logs_with(" ERROR ")]
        check("no instance logged an error (housekeeping and expiry ran on both)", not errors, errors[:3])
    failed = [n for n, ok in checks if not ok]
    print(f"test-cluster: {len(checks) - len(failed)} of {len(checks)} checks passed in {time.time() - started:.0f} s", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
