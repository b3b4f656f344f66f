"""A real SMTP server on 127.0.0.1 (aiosmtpd), counting what reached it.

`fail_codes` makes the next N transactions answer a given code (e.g. 451) at DATA;
`hold` makes RCPT wait on an event, to kill a worker in the middle of a send;
`delay` (or `delays`, one per message, first) makes DATA take that many seconds.
`SilentRelay` accepts TCP connections and never says a word: a hanging relay.
"""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sink:
    received: list = field(default_factory=list)
    fail_codes: list = field(default_factory=list)
    hold: threading.Event | None = None
    rcpt_seen: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    delay: float = 0.0
    delays: list = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen.set()
        if self.hold is not None:
            # A send stopped half-way: the client waits here, before DATA, until
            # the test releases it (after killing the worker, which never sends DATA).
            import asyncio

            while not self.hold.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            delay = self.delays.pop(0) if self.delays else self.delay
        if delay:
            import asyncio

            await asyncio.sleep(delay)
        with self.lock:
            if self.fail_codes:
                code = self.fail_codes.pop(0)
                return (
                    f"{code} Try again later" if code < 500 else f"{code} No such user"
                )
            # Parsed on demand (messages()): the sink must keep up with thousands.
            self.received.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)

    def messages(self) -> list:
        return [
            email.message_from_bytes(content, policy=email.policy.default)
            for _rcpts, content in self.received
        ]

    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _m in self.received for r in rcpts)


class SmtpSink:
    def __init__(self, port: int | None = None):
        # aiosmtpd logs every SMTP command at INFO: thousands of lines in the bench.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = port or free_port()
        self.sink = Sink(port=self.port)
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Sink:
        self.controller.start()
        return self.sink

    def __exit__(self, *exc) -> None:
        if self.sink.hold is not None:
            self.sink.hold.set()
        self.controller.stop()


class SilentRelay:
    """A TCP server that accepts every connection and never answers: an SMTP
    relay that hangs. `accepted` is set at the first connection; `connections`
    counts them."""

    def __init__(self):
        self.port = free_port()
        self.accepted = threading.Event()
        self.connections = 0
        self._sockets: list[socket.socket] = []
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", self.port))
        self._server.listen(16)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self._server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _address = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._sockets.append(client)  # held open, never written to
            self.connections += 1
            self.accepted.set()

    def __enter__(self) -> SilentRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in [*self._sockets, self._server]:
            sock.close()
