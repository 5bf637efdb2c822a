# SPDX-License-Identifier: MIT
"""Live subscriptions and interpreter exit / garbage collection (issue 14, findings 3 and 7).

A script that subscribes against a flooding node and simply ends (no unsubscribe(), no close()) must
exit with status 0 every time: the dispatch thread must not take the GIL while the interpreter
finalizes. Subscription errors (a malformed header, a failed re-subscribe) must reach the caller."""
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import bittensor_cpp as bt
from ws_fake_node import HEADER, FakeNode, error, flooding_handler, notification, result

pytest.importorskip("bittensor_cpp._core")
if not hasattr(bt, "client"):
    pytest.skip("built without the client module", allow_module_level=True)

RUNS = 10

SCRIPTS = {
    # Client.subscribe_new_heads with a callback slower than the node, then the script just ends
    "client_exit": """
        import time, bittensor_cpp as bt
        c = bt.client.Client(URL, timeout=5)
        seen = []
        sub = c.subscribe_new_heads(lambda h: (seen.append(h["number"]), time.sleep(0.001)))
        while len(seen) < 20:
            time.sleep(0.005)
    """,
    # raw RpcClient subscription whose callback refers to the client (a cycle the GC cannot see)
    "rpc_exit": """
        import time, bittensor_cpp as bt
        c = bt.rpc.RpcClient(URL, timeout=5)
        seen = []
        sub = c.subscribe("chain_subscribeNewHeads", [], "chain_unsubscribeNewHeads",
                          lambda e: (seen.append(e), c.stats(), time.sleep(0.001)))
        while len(seen) < 20:
            time.sleep(0.005)
    """,
    # dropped and garbage-collected while notifications are arriving, then a new one, then exit
    "gc": """
        import gc, time, bittensor_cpp as bt
        for _ in range(3):
            c = bt.client.Client(URL, timeout=5)
            seen = []
            sub = c.subscribe_new_heads(lambda h: seen.append(h))
            while len(seen) < 5:
                time.sleep(0.005)
            del c, sub
            gc.collect()
        c = bt.client.Client(URL, timeout=5)
        sub = c.subscribe_new_heads(lambda h: time.sleep(0.01))
        time.sleep(0.05)
    """,
}


@pytest.fixture(scope="module")
def flood_node():
    node = FakeNode(flooding_handler)
    yield node
    node.stop()


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_exit_with_live_subscription_is_clean(flood_node, name):
    code = f"URL = {flood_node.url!r}\n" + textwrap.dedent(SCRIPTS[name])
    env = dict(os.environ)
    for i in range(RUNS):
        p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
        assert p.returncode == 0, f"run {i}: exit {p.returncode}\n{p.stderr.decode(errors='replace')[-2000:]}"


def _wait(pred, limit=10.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


def test_malformed_header_reaches_on_error():
    def handler(node, conn, req):
        if req["method"] == "chain_subscribeNewHeads":
            conn.send(result(req, "s1"))
            conn.send(notification("chain_newHead", "s1", {"number": "0x1"}))  # no hashes
            conn.send(notification("chain_newHead", "s1", HEADER))
        else:
            conn.send(result(req, True))

    node = FakeNode(handler)
    try:
        c = bt.client.Client(node.url, timeout=5)
        headers, errors = [], []
        sub = c.subscribe_new_heads(headers.append, on_error=errors.append)
        assert _wait(lambda: headers and errors)
        assert isinstance(errors[0], bt.ClientError)
        assert "parentHash" in str(errors[0])
        assert headers[0]["number"] == 16
        assert sub.active
        c.close()
    finally:
        node.stop()


def test_error_without_on_error_is_reported_not_swallowed():
    def handler(node, conn, req):
        if req["method"] == "chain_subscribeNewHeads":
            conn.send(result(req, "s1"))
            conn.send(notification("chain_newHead", "s1", "not a header"))
        else:
            conn.send(result(req, True))

    node = FakeNode(handler)
    reported = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: reported.append(u)
    try:
        c = bt.client.Client(node.url, timeout=5)
        sub = c.subscribe_new_heads(lambda h: None)
        assert _wait(lambda: reported)
        assert isinstance(reported[0].exc_value, bt.ClientError)
        del sub
        c.close()
    finally:
        sys.unraisablehook = old
        node.stop()


def test_failed_resubscribe_is_reported_and_clears_active():
    def handler(node, conn, req):
        m = req["method"]
        if m == "chain_subscribeNewHeads":
            if node.subscribes > 1:
                conn.send(error(req, -32000, "subscriptions are full"))
            else:
                conn.send(result(req, "s1"))
        elif m == "drop":
            conn.drop()
        else:
            conn.send(result(req, True))

    node = FakeNode(handler)
    try:
        c = bt.client.Client(node.url, timeout=5)
        errors = []
        sub = c.subscribe_new_heads(lambda h: None, on_error=errors.append)
        with pytest.raises(bt.RpcError):
            c.request("drop", [])
        assert _wait(lambda: errors)
        assert isinstance(errors[0], bt.RpcError)
        assert "subscriptions are full" in str(errors[0])
        assert not sub.active
        # the raw RpcClient gets it as an 'error' event
        events = []
        node.subscribes = 0
        rsub = c.rpc.subscribe("chain_subscribeNewHeads", [], "chain_unsubscribeNewHeads", events.append)
        with pytest.raises(bt.RpcError):
            c.request("drop", [])
        assert _wait(lambda: any(e["kind"] == "error" for e in events))
        assert not rsub.active
        c.close()
    finally:
        node.stop()


def test_notification_flood_is_bounded_and_counted(flood_node):
    c = bt.rpc.RpcClient(flood_node.url, timeout=5, max_queued_notifications=16)
    release = threading.Event()
    seen = []
    sub = c.subscribe("chain_subscribeNewHeads", [], "chain_unsubscribeNewHeads",
                      lambda e: (release.wait(), seen.append(e)))
    assert _wait(lambda: c.stats()["notifications_dropped"] > 1000, 20)
    release.set()
    sub.unsubscribe()
    c.close()
