"""A webhook receiver on loopback for the harnesses (bench, cluster, faults): checks every
delivery's signature, counts deliveries, and recognises a repeated one by its event id — as a
receiver must, since a delivery whose answer was lost is sent again."""

import asyncio
import hashlib
import hmac
import threading
import time


class WebhookReceiver:
    """A webhook receiver on loopback (asyncio, HTTP/1.1 keep-alive, in a thread of its own):
    checks every delivery's signature, counts deliveries and repeated ones, notes arrival times."""

    def __init__(self, delay=0.0):
        # Seconds each answer waits (a slow receiver keeps deliveries in flight).
        self.delay = delay
        self.up = True
        # Requests that arrived (before any delay), answered or not.
        self.arrived = 0
        self.secrets = {}
        self.count = 0
        self.bad_signatures = 0
        self.seen = set()
        self.duplicates = 0
        self.first = self.last = None
        self.port = None
        ready = threading.Event()
        threading.Thread(target=lambda: asyncio.run(self._serve(ready)), daemon=True).start()
        ready.wait(10)

    async def _serve(self, ready):
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0, backlog=256)
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        async with server:
            await server.serve_forever()

    async def _connection(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.arrived += 1
                if self.delay:
                    await asyncio.sleep(self.delay)
                if not self.up:
                    # Down: the delivery fails and is retried later.
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                self._record(path, headers, body)
                writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError, ValueError):
            writer.close()

    def _record(self, path, headers, body):
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.count += 1
        parts = dict(p.split("=", 1) for p in headers.get("id06-signature", "").split(",") if "=" in p)
        secret = self.secrets.get(path, "")
        expected = hmac.new(secret.encode(), parts.get("t", "").encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts.get("v1", "")):
            self.bad_signatures += 1
        key = (path, headers.get("id06-event-id"))
        if key in self.seen:
            self.duplicates += 1
        self.seen.add(key)
