# SPDX-License-Identifier: MIT
"""Yuma simulation at scale: ``bittensor_cpp.yuma.simulate`` and ``bittensor_cpp.yuma.sweep``.

The epochs run in C++ (bt::yuma::simulate) on a thread pool with the GIL released. Passing a Dask
``client=`` splits the runs over the cluster's workers instead (each worker runs its share with the
same C++ engine); the results are identical to the serial run because every run is an independent,
deterministic chain of epochs. Workers must be able to ``import bittensor_cpp``.
"""
import itertools
import os

import numpy as np

__all__ = ["simulate", "sweep"]


def _engine():
    from . import _core

    return _core.yuma


def _run_chunk(inputs, points, variant, path, epochs, block_step, stake_from_emission, threads,
               keep_all_epochs):
    """One unit of work (module level, so that Dask can ship it to a worker by reference)."""
    return _engine()._run_batch(inputs, points, variant, path, epochs, block_step,
                                stake_from_emission, threads, keep_all_epochs)


def _split(items, parts):
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for p in range(parts):
        stop = start + size + (1 if p < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


def _execute(inputs, points, opts, client, worker_threads, chunks):
    if client is None:
        return _run_chunk(inputs, points, **opts)
    opts = dict(opts, threads=worker_threads)
    if chunks is None:
        chunks = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    if points is None:
        parts = [(part, None) for part in _split(list(inputs), chunks)]
    else:
        parts = [(inputs, part) for part in _split(list(points), chunks)]
    futures = [client.submit(_run_chunk, i, p, pure=False, **opts) for i, p in parts if (p or i)]
    results = []
    for part in client.gather(futures):
        results.extend(part)
    return results


def _resolve(base, variant, path):
    """A case file path -> (step 0 input, its variant, its path); a kwargs dict stays."""
    if isinstance(base, (str, os.PathLike)):
        case = _engine().load_case(os.fspath(base))
        return case["steps"][0]["input"], variant or case["variant"], path or case["path"]
    if not isinstance(base, dict):
        raise TypeError("expected a dict of run_epoch keyword arguments or a case file path")
    return base, variant or "head", path or "sparse"


def simulate(inputs, epochs=1, *, variant=None, path=None, block_step=0, stake_from_emission=False,
             threads=0, keep_all_epochs=True, client=None, worker_threads=1, chunks=None):
    """Runs ``epochs`` consecutive epochs for one subnet or for many independent ones.

    inputs: a dict of run_epoch keyword arguments, a case file path (its first step's input, its
    variant and path), or a list of those (many subnets, run in parallel). Each epoch starts from
    the bonds and permits the previous one wrote; block_step > 0 advances the block (and the
    weight-setting validators' last_update) by that many blocks per epoch; stake_from_emission
    adds each uid's server + validator emission to its stake (see bt/yuma/simulate.hpp ChainRule).

    Returns, per run, a dict {field: NumPy array of shape (epochs, entries)} for every per-uid output
    of the variant (incentive, dividends, ..., uint16/uint64/bool; server_emission,
    validator_emission and stake are masked arrays, masked = no hotkey), plus "post_state" (storage
    after the last epoch) and "next_input" (kwargs of the epoch that would follow). A single input
    gives a single dict, a list gives a list. keep_all_epochs=False keeps only the last epoch
    (shape (1, entries)).

    threads: C++ threads (0 = all cores); the GIL is released while they run. client: a
    dask.distributed Client; the runs are split into ``chunks`` parts (default 2 per worker) and
    each worker runs its part on ``worker_threads`` threads. Results are identical either way.
    """
    single = isinstance(inputs, (dict, str, os.PathLike))
    items = [inputs] if single else list(inputs)
    resolved = [_resolve(x, variant, path) for x in items]
    groups = {}
    for idx, (inp, v, p) in enumerate(resolved):
        groups.setdefault((v, p), []).append(idx)
    results = [None] * len(items)
    for (v, p), idxs in groups.items():
        opts = dict(variant=v, path=p, epochs=int(epochs), block_step=int(block_step),
                    stake_from_emission=bool(stake_from_emission), threads=int(threads),
                    keep_all_epochs=bool(keep_all_epochs))
        out = _execute([resolved[i][0] for i in idxs], None, opts, client, worker_threads, chunks)
        for i, r in zip(idxs, out):
            results[i] = r
    return results[0] if single else results


def sweep(base, params, epochs=1, *, variant=None, path=None, block_step=0, stake_from_emission=False,
          threads=0, keep_all_epochs=True, client=None, worker_threads=1, chunks=None):
    """Runs a grid over hyperparameters of one base input.

    base: a dict of run_epoch keyword arguments or a case file path (its first step). params: a
    mapping {name: [values...]} over the scalar inputs (yuma.SWEEP_PARAMETERS); values are storage
    integers, bools, or fractions (floats / "0.5" strings) for kappa, bonds_penalty, alpha_low,
    alpha_high (x 65535), bonds_moving_average (x 1e6) and tao_weight (x u64::MAX), converted
    exactly (yuma.parameter_value). The grid is the cartesian product in the order given, the last
    parameter varying fastest (as itertools.product).

    Returns {"params": {name: array of the storage value at each point}, field: array of shape
    (points, epochs, entries) for every per-uid output (masked arrays for the optional ones),
    "post_state": [storage after the last epoch, per point]}. threads / client as in simulate().
    """
    inp, v, p = _resolve(base, variant, path)
    names = list(params.keys())
    axes = [list(params[n]) for n in names]
    for n, values in zip(names, axes):
        if not values:
            raise ValueError(f"sweep: parameter {n} has no values")
    engine = _engine()
    points = [list(zip(names, combo)) for combo in itertools.product(*axes)]
    opts = dict(variant=v, path=p, epochs=int(epochs), block_step=int(block_step),
                stake_from_emission=bool(stake_from_emission), threads=int(threads),
                keep_all_epochs=bool(keep_all_epochs))
    runs = _execute([inp], points, opts, client, worker_threads, chunks)
    out = {"params": {}}
    for a, n in enumerate(names):
        vals = [engine.parameter_value(n, pt[a][1]) for pt in points]
        dtype = np.bool_ if vals and isinstance(vals[0], bool) else (
            np.int64 if any(x < 0 for x in vals) else np.uint64)
        out["params"][n] = np.array(vals, dtype=dtype)
    if runs:
        for key, value in runs[0].items():
            if key in ("post_state", "next_input"):
                continue
            stack = np.ma.stack if isinstance(value, np.ma.MaskedArray) else np.stack
            out[key] = stack([r[key] for r in runs])
    out["post_state"] = [r.get("post_state") for r in runs]
    return out
