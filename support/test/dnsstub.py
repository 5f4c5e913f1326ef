# SPDX-License-Identifier: BSD-3-Clause
"""A DNS responder for tests: answers A queries for the names given on the
command line (NAME=ADDRESS ...) and NXDOMAIN for anything else, on the UDP
address given first (ADDR:PORT). It stops after --seconds."""

import socket
import struct
import sys
import time


def answer(query, table):
    ident, flags, qd = struct.unpack("!HHH", query[:6])
    pos, labels = 12, []
    while query[pos]:
        n = query[pos]
        labels.append(query[pos + 1:pos + 1 + n].decode().lower())
        pos += n + 1
    qtype, _ = struct.unpack("!HH", query[pos + 1:pos + 5])
    question = query[12:pos + 5]
    name = ".".join(labels)
    addr = table.get(name) if qtype == 1 else None
    rflags = 0x8180 if addr else 0x8183  # response, recursion; NXDOMAIN
    if name in table and not addr:
        rflags = 0x8180  # the name exists, no record of this type
    head = struct.pack("!HHHHHH", ident, rflags, 1, 1 if addr else 0, 0, 0)
    body = question
    if addr:
        body += struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(addr)
    return head + body


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    seconds = 60
    table = {}
    for a in sys.argv[2:]:
        if a.startswith("--seconds="):
            seconds = float(a.split("=", 1)[1])
        else:
            name, addr = a.split("=", 1)
            table[name.lower()] = addr
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((host, int(port)))
    s.settimeout(0.5)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            q, peer = s.recvfrom(512)
        except socket.timeout:
            continue
        try:
            s.sendto(answer(q, table), peer)
        except (IndexError, struct.error):
            pass


if __name__ == "__main__":
    main()
