# SPDX-License-Identifier: MIT
"""bittensor_cpp.rpc.RpcClient against a tiny JSON-RPC server over HTTP (stdlib only)."""
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import bittensor_cpp as bt

rpc = pytest.importorskip("bittensor_cpp.rpc")


def _answer(req):
    m, p, i = req.get("method"), req.get("params"), req.get("id")
    if m == "echo":
        return {"jsonrpc": "2.0", "id": i, "result": p}
    if m == "sleep":
        time.sleep(p[0])
        return {"jsonrpc": "2.0", "id": i, "result": "slept"}
    return {"jsonrpc": "2.0", "id": i, "error": {"code": -32601, "message": "Method not found"}}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        out = [_answer(r) for r in body] if isinstance(body, list) else _answer(body)
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def url():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_call_and_errors(url):
    c = rpc.RpcClient(url, timeout=5)
    assert c.call("echo", [1, "a", {"b": None}]) == [1, "a", {"b": None}]
    with pytest.raises(bt.RpcError) as e:
        c.call("nope")
    assert e.value.module == "bt.rpc"
    assert "-32601" in e.value.detail
    res = c.batch([("echo", [1]), ("nope", [])])
    assert res[0] == [1]
    assert isinstance(res[1], bt.RpcError)
    with pytest.raises(bt.RpcError):
        c.subscribe("chain_subscribeNewHeads", [], "chain_unsubscribeNewHeads", lambda e: None)
    c.close()
    with pytest.raises(bt.RpcError):
        c.call("echo", [])


def test_timeout_and_refused(url):
    c = rpc.RpcClient(url, timeout=5)
    t0 = time.monotonic()
    with pytest.raises(bt.RpcError):
        c.call("sleep", [2], timeout=0.3)
    assert time.monotonic() - t0 < 1.9
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(bt.RpcError):
        rpc.RpcClient(f"ws://127.0.0.1:{port}", connect_timeout=2)
    with pytest.raises(bt.RpcError):
        rpc.RpcClient("ftp://x")


def test_gil_released_while_waiting(url):
    c = rpc.RpcClient(url, timeout=10)
    done = []
    t = threading.Thread(target=lambda: done.append(c.call("sleep", [0.5])))
    t.start()
    spins = 0
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.3:
        spins += 1  # runs only if the waiting thread released the GIL
    t.join()
    assert done == ["slept"]
    assert spins > 1000
