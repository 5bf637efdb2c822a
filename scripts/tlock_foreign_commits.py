#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes commits made by bittensor-cpp for every case of tests/vectors/tlock/commits.json, in the
format ../shared/tools/tlock-ref/check_foreign.py expects, so the Rust reference (tlref, built from
the crates subtensor uses) can decrypt them:

    PYTHONPATH=build/dev/python /usr/bin/python3 scripts/tlock_foreign_commits.py > /tmp/foreign.json
    python3 ../shared/tools/tlock-ref/check_foreign.py /tmp/foreign.json --commits tests/vectors/tlock/commits.json

Each case's inputs are SCALE-encoded and encrypted with fresh randomness to the case's beacon key and
round. (Byte identity with tle for given esk/t/nonce is checked by tests/crypto/timelock_test.cpp.)
"""
import json
import pathlib
import sys

from bittensor_cpp import timelock

VEC = pathlib.Path(__file__).resolve().parents[1] / "tests" / "vectors" / "tlock" / "commits.json"

out = []
for c in json.loads(VEC.read_text())["cases"]:
    i = c["inputs"]
    payload = timelock.weights_payload(bytes.fromhex(i["hotkey"]), i["uids"], i["values"], i["version_key"])
    assert payload.hex() == c["payload_hex"], c["id"]
    commit = timelock.encrypt(bytes.fromhex(c["beacon"]["public_key"]), i["round"], payload)
    out.append({"id": c["id"], "commit_hex": commit.hex()})
json.dump(out, sys.stdout, indent=1)
