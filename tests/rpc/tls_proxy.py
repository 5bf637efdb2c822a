#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# TLS terminator for tests/rpc/tls_test.cpp: accepts TLS on 127.0.0.1:<free port> with the given
# certificate, forwards the plain bytes both ways to 127.0.0.1:<backend port> (the FakeNode).
# Usage: tls_proxy.py CERT KEY BACKEND_PORT
# Prints "PORT <n>" on stdout once it listens. Exits on SIGTERM or when stdin closes (parent died).
import os
import select
import signal
import socket
import ssl
import sys
import threading


def pump(tls, plain):
    """Copies bytes both ways until either side closes. One thread per connection."""
    socks = [tls, plain]
    try:
        while True:
            if tls.pending() == 0:
                readable, _, _ = select.select(socks, [], [], 1.0)
            else:
                readable = [tls]
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                (plain if s is tls else tls).sendall(data)
    except (OSError, ssl.SSLError):
        return
    finally:
        for s in socks:
            try:
                s.close()
            except OSError:
                pass


def handle(raw, ctx, backend_port):
    raw.settimeout(5.0)
    try:
        tls = ctx.wrap_socket(raw, server_side=True)  # handshake; fails for untrusting clients
    except (OSError, ssl.SSLError):
        raw.close()
        return
    tls.settimeout(None)
    try:
        plain = socket.create_connection(("127.0.0.1", backend_port), timeout=5.0)
        plain.settimeout(None)
        plain.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        tls.close()
        return
    pump(tls, plain)


def main():
    cert, key, backend_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    # The parent keeps our stdin open; when it goes away (even on a crash), we go too.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    print("PORT %d" % lsock.getsockname()[1], flush=True)
    while True:
        conn, _ = lsock.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=handle, args=(conn, ctx, backend_port), daemon=True).start()


if __name__ == "__main__":
    main()
