# SPDX-License-Identifier: BSD-3-Clause
"""Helpers the network and server suites share: a free host port, and a
guest started in the background by the launcher, waited for until it prints
a line, and killed with its process group at the end; many requests at
once."""

import os
import signal
import socket
import subprocess
import tempfile
import threading
import time

from driver import ROOT

LAUNCHER = os.path.join(ROOT, "support/scripts/qemu-guest")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def concurrent_requests(port, request, n=100, timeout=300):
    """n connections to 127.0.0.1:port, then request sent on all of them at
    once (a thread each); returns each one's reply, read until the server
    closes, or the error's repr (as bytes). The connections are opened one
    after the other: QEMU's user networking listens with a backlog of 1, and
    a burst of connects overflows the host's accept queue when the emulator
    is slow (the host then drops or resets some of them)."""
    conns = [socket.create_connection(("127.0.0.1", port), timeout=timeout)
             for _ in range(n)]
    results = [None] * n

    def one(i):
        try:
            conns[i].sendall(request)
            buf = b""
            while True:
                chunk = conns[i].recv(65536)
                if not chunk:
                    break
                buf += chunk
            results[i] = buf
        except OSError as e:
            results[i] = repr(e).encode()
        finally:
            conns[i].close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


class Guest:
    """A guest running in the background, its console in a file; killed
    (with its process group) on leaving the with block."""

    def __init__(self, t, args, ready, timeout=120):
        self.t, self.ready, self.timeout = t, ready, timeout
        self.log = tempfile.NamedTemporaryFile(prefix="guest-", suffix=".log")
        self.cmd = [LAUNCHER, "--timeout", str(timeout)] + args
        self.p = None

    def __enter__(self):
        self.p = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        self.t._started(self.p, self.cmd)
        until = time.monotonic() + self.timeout
        while time.monotonic() < until:
            if self.ready.encode() in self.output().encode():
                return self
            if self.p.poll() is not None:
                break
            time.sleep(0.2)
        self.t.fail(f"the guest did not print {self.ready!r}:\n{self.output()[-3000:]}")

    def output(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def __exit__(self, *exc):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except OSError:
            pass
        self.p.wait()
        self.log.close()
        return False


