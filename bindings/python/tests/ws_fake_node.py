# SPDX-License-Identifier: MIT
"""A tiny scripted JSON-RPC WebSocket node for the Python rpc/client tests (stdlib only, RFC 6455 framing
written here). Each connection runs on its own thread; `handler(node, conn, request)` answers a request
(a dict) by calling conn.send(obj) any number of times, or conn.drop()."""
import base64
import hashlib
import json
import socket
import struct
import threading

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

HEADER = {
    "parentHash": "0x" + "11" * 32,
    "number": "0x10",
    "stateRoot": "0x" + "22" * 32,
    "extrinsicsRoot": "0x" + "33" * 32,
    "digest": {"logs": []},
}


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.lock = threading.Lock()
        self.open = True

    def send(self, obj):
        data = json.dumps(obj).encode()
        n = len(data)
        if n < 126:
            head = struct.pack("!BB", 0x81, n)
        elif n <= 0xFFFF:
            head = struct.pack("!BBH", 0x81, 126, n)
        else:
            head = struct.pack("!BBQ", 0x81, 127, n)
        try:
            with self.lock:
                self.sock.sendall(head + data)
            return True
        except OSError:
            self.open = False
            return False

    def drop(self):
        self.open = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out


class FakeNode:
    def __init__(self, handler):
        self.handler = handler
        self.lsock = socket.socket()
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(16)
        self.port = self.lsock.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}"
        self.subscribes = 0
        self.conns = []
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping:
            try:
                s, _ = self.lsock.accept()
            except OSError:
                return
            c = Conn(s)
            self.conns.append(c)
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c):
        s = c.sock
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                ch = s.recv(1)
                if not ch:
                    return
                head += ch
            key = ""
            for line in head.decode("latin1").split("\r\n"):
                if line.lower().startswith("sec-websocket-key:"):
                    key = line.split(":", 1)[1].strip()
            accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
            s.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
            while c.open:
                b0, b1 = _read_exact(s, 2)
                op, n = b0 & 0x0F, b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", _read_exact(s, 2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", _read_exact(s, 8))[0]
                mask = _read_exact(s, 4) if b1 & 0x80 else b"\0\0\0\0"
                payload = bytes(x ^ mask[i % 4] for i, x in enumerate(_read_exact(s, n)))
                if op == 0x8:
                    with c.lock:
                        s.sendall(bytes([0x88, 2]) + payload[:2])
                    return
                if op == 0x9:
                    with c.lock:
                        s.sendall(bytes([0x8A, len(payload)]) + payload)
                    continue
                if op != 0x1:
                    continue
                req = json.loads(payload)
                if isinstance(req, dict) and req.get("method", "").startswith(("chain_subscribe", "state_subscribe")):
                    self.subscribes += 1
                self.handler(self, c, req)
        except (EOFError, OSError, ValueError):
            pass
        finally:
            c.open = False
            try:
                s.close()
            except OSError:
                pass

    def stop(self):
        self.stopping = True
        try:
            self.lsock.close()
        except OSError:
            pass
        for c in self.conns:
            c.drop()


def result(req, value):
    return {"jsonrpc": "2.0", "id": req.get("id"), "result": value}


def error(req, code, message):
    return {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": code, "message": message}}


def notification(method, sub, value):
    return {"jsonrpc": "2.0", "method": method, "params": {"subscription": sub, "result": value}}


def flooding_handler(node, conn, req):
    """Answers subscriptions, then floods new-head notifications on that connection until it closes."""
    m = req.get("method")
    if m == "chain_subscribeNewHeads":
        sub = f"flood-{node.subscribes}"
        conn.send(result(req, sub))

        def flood():
            n = 0
            while conn.open and not node.stopping:
                n += 1
                if not conn.send(notification("chain_newHead", sub, dict(HEADER, number=hex(n)))):
                    return

        threading.Thread(target=flood, daemon=True).start()
    elif m and m.startswith("chain_unsubscribe"):
        conn.send(result(req, True))
    else:
        conn.send(result(req, None))


def storage_handler(metadata, kv, spec_version=400, best_number=0x10):
    """A handler serving one block (number `best_number`) with raw storage `kv` (bytes -> bytes) and the
    metadata blob: runtime version, metadata, block hash / header, state_getStorage, state_getKeysPaged,
    state_queryStorageAt; single requests and batches."""
    best = "0x" + "ab" * 32
    hexkv = {"0x" + k.hex(): "0x" + v.hex() for k, v in kv.items()}

    def answer(req):
        m, p = req["method"], req.get("params") or []
        if m == "state_getRuntimeVersion":
            return result(req, {"specName": "node-subtensor", "implName": "node-subtensor", "authoringVersion": 1,
                                "specVersion": spec_version, "implVersion": 1, "apis": [],
                                "transactionVersion": 1, "stateVersion": 1})
        if m == "state_getMetadata":
            return result(req, "0x" + metadata.hex())
        if m == "chain_getBlockHash":
            return result(req, best if not p or p[0] is None or p[0] == best_number else None)
        if m == "chain_getHeader":
            z = "0x" + "00" * 32
            return result(req, {"parentHash": z, "number": hex(best_number), "stateRoot": z, "extrinsicsRoot": z,
                                "digest": {"logs": []}})
        if m == "state_getStorage":
            return result(req, hexkv.get(p[0]))
        if m == "state_getKeysPaged":
            prefix, count = p[0], p[1]
            start = p[2] if len(p) > 2 and p[2] else ""
            return result(req, sorted(k for k in hexkv if k.startswith(prefix) and k > start)[:count])
        if m == "state_queryStorageAt":
            return result(req, [{"block": best, "changes": [[k, hexkv.get(k)] for k in p[0]]}])
        return error(req, -32601, "Method not found: " + m)

    def handler(node, conn, req):
        conn.send([answer(r) for r in req] if isinstance(req, list) else answer(req))

    return handler


def compact(n):
    """SCALE compact encoding of a small length (< 2^30)."""
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return struct.pack("<H", (n << 2) | 1)
    return struct.pack("<I", (n << 2) | 2)
