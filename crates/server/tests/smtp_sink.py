"""A real SMTP server on loopback for the mail tests (aiosmtpd).

Writes every message it accepts to DIR as NNNN.eml (the bytes as received) and prints
"ready" once it listens. It can refuse the first N messages (451 by default: "try again
later"; --reject-code 550 for a permanent refusal) and wait before answering each one
(--delay seconds), to play a server that is flaky or slow.

    python3 smtp_sink.py --port 2525 --dir /tmp/received [--reject-first 1] [--delay 5]
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, reject_first, reject_code, delay):
        self.directory = directory
        self.reject_first = reject_first
        self.reject_code = reject_code
        self.delay = delay
        self.seen = itertools.count(1)
        self.accepted = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        number = next(self.seen)
        if self.delay:
            await asyncio.sleep(self.delay)
        if number <= self.reject_first:
            if self.reject_code >= 500:
                return f"{self.reject_code} 5.1.1 refused for the test"
            return f"{self.reject_code} 4.3.0 try again later"
        path = os.path.join(self.directory, f"{next(self.accepted):04}.eml")
        with open(path + ".part", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(path + ".part", path)
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject-first", type=int, default=0)
    parser.add_argument("--reject-code", type=int, default=451)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir, args.reject_first, args.reject_code, args.delay)
    controller = Controller(sink, hostname="127.0.0.1", port=args.port, ready_timeout=10)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
