#!/usr/bin/env python3
"""stream_feed.py — adds traffic-log lines to the fleet's event stream, as
gateways do (XADD sw:events MAXLEN ~ 2000000 * line LINE), for the detect
worker tests (tests/e2e/fleet_detect.sh).

    stream_feed.py PORT FILE --from N --count N [--deliver GROUP CONSUMER | --account ID]

Lines N .. N+count-1 of FILE (0-based) go in one pipeline. With --account,
each line's account is replaced by ID (an account that appears only
then, whose verdict shows that those lines were judged). With --deliver,
they go in one MULTI/EXEC together with an XREADGROUP that delivers them to
CONSUMER of GROUP, which never acknowledges them: what a worker that died
between reading a batch and acknowledging it leaves behind. Atomic, so no
running worker can read them first. Prints the number of entries added.
A few lines of RESP by hand: the tests need no Redis client library.
"""
import re
import socket
import sys


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Reader:
    def __init__(self, sock):
        self.f = sock.makefile("rb")

    def reply(self):
        line = self.f.readline()
        if not line:
            raise SystemExit("stream_feed: the server closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"-":
            raise SystemExit("stream_feed: server error: " + rest.decode())
        if kind in (b"+", b":"):
            return rest
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self.f.read(n + 2)[:-2]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise SystemExit("stream_feed: unexpected reply " + repr(line))


def main():
    args = sys.argv[1:]
    if len(args) < 6 or args[2] != "--from" or args[4] != "--count":
        raise SystemExit(__doc__)
    port, path, first, count = int(args[0]), args[1], int(args[3]), int(args[5])
    deliver = args[7:9] if len(args) >= 9 and args[6] == "--deliver" else None
    account = args[7] if len(args) >= 8 and args[6] == "--account" else None
    with open(path, "rb") as f:
        lines = [l.rstrip(b"\n") for l in f][first:first + count]
    if account:
        lines = [re.sub(rb'"account":"[^"]*"', b'"account":"' + account.encode() + b'"', l, count=1) for l in lines]
    cmds = [command("XADD", "sw:events", "MAXLEN", "~", "2000000", "*", "line", l) for l in lines]
    if deliver:
        cmds = [command("MULTI")] + cmds + [
            command("XREADGROUP", "GROUP", deliver[0], deliver[1], "COUNT", str(len(lines)), "STREAMS", "sw:events", ">"),
            command("EXEC")]
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"".join(cmds))
    r = Reader(sock)
    replies = [r.reply() for _ in cmds]
    if deliver:
        delivered = replies[-1][-1][0][1]
        if len(delivered) != len(lines):
            raise SystemExit("stream_feed: delivered %d of %d entries" % (len(delivered), len(lines)))
    sock.close()
    print(len(lines))


main()
