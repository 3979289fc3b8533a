#!/usr/bin/env python3
"""raw_http.py — a model server that answers in exactly the bytes a test asks
for, for the gateway's upstream client tests (tests/e2e/gateway_upstream_http.sh).

The stand-in (model_server.mjs) is an honest server; this one is a raw
socket server whose answers can be malformed, stalled or cut off on purpose.
The behaviour of each request is chosen by its x-raw-mode header (the
gateway forwards it):

  length     200, Content-Length body, keep-alive
  chunked    200, chunked body in three chunks, keep-alive
  close      200, no Content-Length: the body ends when the server closes
  sse        200, chunked text/event-stream: one event, SSE_PAUSE seconds of
             silence, a second event and [DONE]
  doom       as length, but the connection is doomed: the next request on it
             is read and the connection closed without a byte of answer (a
             pooled connection that went stale under the gateway)
  malformed  a status line that is not HTTP's, then close
  badstatus  "HTTP/1.1 2x0 OK", then close
  stall      reads the request, never answers (until the client closes)
  reset      reads the request, resets the connection

GET /stats (asked directly, not through the gateway) answers the counts so
far as JSON: connections accepted, requests read, requests dropped by doom.

  raw_http.py [--tls CERT KEY]   prints "listening PORT" once it accepts
"""
import json
import socket
import ssl
import struct
import sys
import threading
import time

SSE_PAUSE = 1.5
stats = {"connections": 0, "requests": 0, "dropped": 0}
lock = threading.Lock()


def count(key):
    with lock:
        stats[key] += 1


def read_request(f):
    """One request from the buffered file f: (method, path, headers, body), or None at EOF."""
    line = f.readline()
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers = {}
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = f.read(int(headers.get("content-length", "0")))
    return method, path, headers, body


def answer_json(mode, path):
    return json.dumps({"id": "raw-1", "object": "chat.completion", "model": "sw-small", "mode": mode,
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": "raw " + mode},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}).encode()


def chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


def serve(conn):
    count("connections")
    f = conn.makefile("rb")
    doomed = False
    try:
        while True:
            req = read_request(f)
            if req is None:
                return
            method, path, headers, body = req
            if path == "/stats":
                out = json.dumps(stats).encode()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                             b"Connection: close\r\n\r\n%s" % (len(out), out))
                return
            count("requests")
            if doomed:
                count("dropped")
                return
            mode = headers.get("x-raw-mode", "length")
            body = answer_json(mode, path)
            if mode in ("length", "doom"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                             b"Keep-Alive: timeout=60\r\nX-Raw-Mode: %s\r\n\r\n%s"
                             % (len(body), mode.encode(), body))
                doomed = mode == "doom"
            elif mode == "chunked":
                third = len(body) // 3
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                             b"X-Raw-Mode: chunked\r\n\r\n" + chunk(body[:third]) + chunk(body[third:2 * third]) +
                             chunk(body[2 * third:]) + b"0\r\n\r\n")
            elif mode == "close":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                             b"X-Raw-Mode: close\r\n\r\n" + body)
                return
            elif mode == "sse":
                event = b'data: {"choices":[{"index":0,"delta":{"content":"%s"}}]}\n\n'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                             chunk(event % b"first"))
                time.sleep(SSE_PAUSE)
                conn.sendall(chunk(event % b"second") + chunk(b"data: [DONE]\n\n") + b"0\r\n\r\n")
            elif mode == "malformed":
                conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
                return
            elif mode == "badstatus":
                conn.sendall(b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok")
                return
            elif mode == "stall":
                while f.read(1):
                    pass
                return
            elif mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
    except (OSError, ValueError):
        pass
    finally:
        try:
            f.close()
            conn.close()
        except OSError:
            pass


def listener():
    """Dual-stack where the machine has IPv6 (a name may resolve to either), IPv4 otherwise."""
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", 0))
    except OSError:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
    s.listen(128)
    return s


def main():
    ctx = None
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    s = listener()
    print("listening", s.getsockname()[1], flush=True)
    while True:
        conn, _ = s.accept()
        if ctx:
            try:
                conn = ctx.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):
                conn.close()
                continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
