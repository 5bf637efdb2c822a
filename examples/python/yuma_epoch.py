#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The exact Yuma consensus epoch from Python (bittensor_cpp.yuma).

Builds a small subnet with NumPy, runs three consecutive epochs of the current (head) runtime with
Yuma3 bonds, carries bonds and validator permits over from one epoch to the next, and prints the
per-uid results. With a case file argument it instead runs a yuma-ref/1 reference case and compares
every output with the expected values.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/yuma_epoch.py
    PYTHONPATH=<build>/python /usr/bin/python3 examples/python/yuma_epoch.py tests/vectors/yuma/head_multi_yuma3_n12.json
"""
import sys

import numpy as np

import bittensor_cpp as bt
from bittensor_cpp import fixed, yuma


def synthetic_subnet(rng, validators=4, miners=12):
    n = validators + miners
    alpha_stake = np.zeros(n, dtype=np.uint64)
    alpha_stake[:validators] = rng.integers(10_000, 100_000, validators, dtype=np.uint64) * 10**9
    alpha_stake[validators:] = rng.integers(0, 20, miners, dtype=np.uint64) * 10**9
    return dict(
        n=n,
        rao_emission=500 * 10**9,
        current_block=2_000_000,
        tempo=360,
        last_mechanism_step_block=2_000_000 - 361,
        registered=np.ones(n, dtype=bool),
        block_at_registration=np.zeros(n, dtype=np.uint64),
        alpha_stake=alpha_stake,
        tao_stake=np.zeros(n, dtype=np.uint64),
        validator_permit=np.arange(n) < validators,
        max_allowed_validators=validators,
        yuma3_enabled=True,
        bonds=[None] * n,
    )


def set_weights(inp, rng, quality, validators):
    n = inp["n"]
    weights = [None] * n
    last_update = np.full(n, inp["current_block"] - 100, dtype=np.uint64)
    for v in range(validators):
        score = quality + rng.integers(0, 200, len(quality))
        w = (score * 65535 // score.max()).astype(np.uint16)  # max-upscaled like set_weights
        weights[v] = [(validators + j, int(x)) for j, x in enumerate(w)]
        last_update[v] = inp["current_block"] - 1
    inp["weights"] = weights
    inp["last_update"] = last_update


def simulate():
    rng = np.random.default_rng(7)
    validators, miners = 4, 12
    inp = synthetic_subnet(rng, validators, miners)
    quality = rng.integers(0, 1000, miners)
    for epoch in range(3):
        set_weights(inp, rng, quality, validators)
        out = yuma.run_epoch(**inp, variant="head", path="sparse")
        print(f"epoch {epoch + 1} at block {inp['current_block']}: emitted {int(out['emission'].sum())} rao")
        # Storage after the epoch is the next epoch's input.
        inp["bonds"] = out["post_state"]["bonds"]
        inp["validator_permit"] = out["post_state"]["validator_permit"]
        inp["last_mechanism_step_block"] = inp["current_block"]
        inp["current_block"] += 361

    print(f"\n{'uid':>3}  {'role':<9}  {'incentive':>9}  {'dividends':>9}  {'vtrust':>7}  {'emission (rao)':>15}")
    for uid in range(inp["n"]):
        role = "validator" if uid < validators else "miner"
        print(f"{uid:>3}  {role:<9}  {out['incentive'][uid] / 65535:9.4f}  {out['dividends'][uid] / 65535:9.4f}"
              f"  {out['validator_trust'][uid] / 65535:7.4f}  {int(out['emission'][uid]):>15}")

    # The fixed-point types behave exactly like substrate-fixed in the runtime.
    half = fixed.I32F32.from_bits(1 << 31)
    print(f"\nI32F32: 0.5 * 0.5 = {half * half}, exp(1) = {fixed.I32F32.one().exp()}"
          f" (substrate-fixed's I9F23 constant), 1/0 checked = {fixed.I32F32.one().checked_div(fixed.I32F32.zero())}")

    try:
        yuma.run_epoch(n=3, registered=[True, True])
    except bt.YumaError as e:
        print(f"bad input -> {type(e).__name__}: {e}")


def plain(value):
    """NumPy arrays (masked ones included) -> lists, recursively, for comparison."""
    if isinstance(value, np.ma.MaskedArray):
        return [None if m else int(v) for v, m in zip(value.data, np.ma.getmaskarray(value))]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def check(path):
    case = yuma.load_case(path)
    outputs = yuma.run_case(path)
    mismatches = 0
    for k, (step, out) in enumerate(zip(case["steps"], outputs)):
        for key, want in step["expected"].items():
            if key != "trace" and plain(want) != plain(out[key]):
                mismatches += 1
                print(f"step {k}: {key} differs")
    status = "PASS" if mismatches == 0 else "FAIL"
    print(f"{status} {case['id']} ({case['variant']}/{case['path']}, {len(outputs)} epochs)")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(check(sys.argv[1]))
    simulate()
