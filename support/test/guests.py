# SPDX-License-Identifier: BSD-3-Clause
"""Helpers the network and server suites share: a free host port, and a
guest started in the background by the launcher, waited for until it prints
a line, and killed with its process group at the end."""

import os
import signal
import socket
import subprocess
import tempfile
import time

from driver import ROOT

LAUNCHER = os.path.join(ROOT, "support/scripts/qemu-guest")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


