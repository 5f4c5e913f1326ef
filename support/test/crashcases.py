# SPDX-License-Identifier: BSD-3-Clause
"""What the suites of both architectures expect of apps/crashtest's
memory-protection cases. Not a suite: suite_*.py files import it."""

import re

# On linuxu the host enforces W^X: a write to code or constants, a jump
# into data, the stack or the heap (the fault is at the jump's target: no
# function to name), a read 8 KiB above NULL.
# what: (signal, headline, function the backtrace names or None)
HOST_WX_CRASHES = {
    "write-text": (11, "SIGSEGV (page protection violated)", "write_to"),
    "write-rodata": (11, "SIGSEGV (page protection violated)", "write_to"),
    "exec-data": (11, "SIGSEGV (page protection violated)", None),
    "exec-stack": (11, "SIGSEGV (page protection violated)", None),
    "exec-heap": (11, "SIGSEGV (page protection violated)", None),
    "null8k": (11, "SIGSEGV (address not mapped) at address 0x2000", "deref_null8k"),
}


def wx_address(t, r, what):
    """The address crashtest's case `what` touched: the one it printed
    before writing or calling there, 0x2000 for null8k."""
    if what == "null8k":
        return "0x2000"
    m = re.search(r"^crashtest: (?:writing to|calling code in) .* at (0x[0-9a-f]+)$",
                  r.out, re.M)
    t.expect(m, "crashtest did not print the address it uses", r)
    return m.group(1)
