# SPDX-License-Identifier: MIT
# Reference vectors for bt::subtensor::process_weights / normalize_max_weight / convert_weights_and_uids_for_emit:
# the bittensor SDK's algorithm (bittensor/utils/weight_utils.py, read and restated here) evaluated with real
# numpy float32 arithmetic under numpy 2 promotion rules (NEP 50).
#   NPY_PROMOTION_STATE=weak /usr/bin/python3 tests/vectors/subtensor/gen_weights.py > tests/vectors/subtensor/weights_sdk.json
# On numpy 1.24 (Debian) NEP 50 is switched on by NPY_PROMOTION_STATE=weak; numpy >= 2 has it by default. numpy 2's
# np.quantile casts a Python-float q to the array's dtype (and keeps gamma in that dtype); numpy 1.x does not,
# so on 1.x the quantile is evaluated by `quantile_np2` below, which restates numpy 2's linear method.
import json
import random

import numpy as np

NP2 = int(np.__version__.split(".")[0]) >= 2
if not NP2:
    assert np._get_promotion_state() == "weak", "run with NPY_PROMOTION_STATE=weak"


def quantile_np2(a, q):
    if NP2:
        return np.quantile(a, q)
    a = np.sort(a)
    n = a.shape[0]
    qf = np.asarray(q, dtype=a.dtype)
    vi = (n - 1) * qf
    if vi >= n - 1:
        lo = hi = a[-1]
        prev = -1
    else:
        prev = int(np.floor(vi))
        lo, hi = a[prev], a[prev + 1]
    gamma = np.asarray(vi - np.intp(prev), dtype=a.dtype)
    d = hi - lo
    return hi - d * (1 - gamma) if gamma >= 0.5 else lo + d * gamma


def normalize_max_weight(x, limit):
    eps = 1e-7
    w = x.copy()
    v = np.sort(w)
    if x.sum() == 0 or x.shape[0] * limit <= 1:
        return np.ones_like(x) / x.shape[0]
    est = v / v.sum()
    if est.max() <= limit:
        return w / w.sum()
    cs = np.cumsum(est, 0)
    es = np.array([(len(v) - i - 1) * est[i] for i in range(len(v))])
    k = (est / (es + cs + eps) < limit).sum()
    scale = (limit * cs[k - 1] - eps) / (1 - (limit * (len(est) - k)))
    cut = scale * v.sum()
    w[w > cut] = cut
    return w / w.sum()


def process_weights(uids, weights, n, min_allowed, limit, exclude_quantile):
    weights = weights.astype(np.float32)
    q = exclude_quantile / 65535
    idx = np.argwhere(weights > 0).squeeze(axis=1)
    nz_uids, nz_w = uids[idx], weights[idx]
    if nz_w.size == 0 or n < min_allowed:
        return np.arange(n), np.ones(n, dtype=np.int64) / n
    if nz_w.size < min_allowed:
        w = np.ones(n, dtype=np.int64) * 1e-5
        w[idx] += nz_w
        nw = normalize_max_weight(w, limit)
        return np.arange(len(nw)), nw
    max_exclude = max(0, len(nz_w) - min_allowed) / len(nz_w)
    lowest = quantile_np2(nz_w, min([q, max_exclude]))
    nz_uids = nz_uids[lowest <= nz_w]
    nz_w = nz_w[lowest <= nz_w]
    return nz_uids, normalize_max_weight(nz_w, limit)


def emit(uids, weights):
    weights = weights.tolist()
    uids = uids.tolist()
    if sum(weights) == 0:
        return [], []
    m = float(max(weights))
    weights = [float(x) / m for x in weights]
    ou, ow = [], []
    for w, u in zip(weights, uids):
        v = round(float(w) * 65535)
        if v != 0:
            ou.append(u)
            ow.append(v)
    return ou, ow


rng = random.Random(20261203)
norm_cases, proc_cases = [], []
for n in [1, 2, 3, 5, 8, 9, 16, 17, 64, 129, 200, 257]:
    for limit in [0.05, 0.1, 0.25, 0.5, 1.0]:
        kind = rng.choice(["uniform", "skewed", "spike", "ints"])
        if kind == "uniform":
            x = [rng.random() for _ in range(n)]
        elif kind == "skewed":
            x = [rng.random() ** 6 for _ in range(n)]
        elif kind == "spike":
            x = [rng.random() * 1e-3 for _ in range(n)]
            x[rng.randrange(n)] = 1.0
        else:
            x = [float(rng.randrange(0, 5)) for _ in range(n)]
        a = np.array(x, dtype=np.float32)
        y = normalize_max_weight(a, limit)
        assert y.dtype == np.float32
        norm_cases.append({"x": [float(v) for v in a], "limit": limit, "y": [float(v) for v in y]})
        d = np.array(x, dtype=np.float64)
        yd = normalize_max_weight(d, limit)
        norm_cases.append({"x64": [float(v) for v in d], "limit": limit, "y": [float(v) for v in yd]})

for case in range(60):
    n = rng.choice([4, 10, 32, 150, 256])
    m = rng.randint(1, n)
    uids = np.array(sorted(rng.sample(range(n), m)), dtype=np.int64)
    w = np.array([rng.random() ** rng.choice([1, 3]) if rng.random() > 0.2 else 0.0 for _ in range(m)],
                 dtype=np.float32)
    min_allowed = rng.choice([0, 1, 2, 8, m, m + 3, n + 1])
    limit = rng.choice([65535, 32768, 6553, 1000, 455]) / 65535
    exq = rng.choice([0, 0, 6553, 32768, 65535])
    try:
        pu, pw = process_weights(uids, w, n, min_allowed, limit, exq)
    except IndexError:
        continue
    eu, ew = emit(pu, pw)
    proc_cases.append({"uids": uids.tolist(), "weights": [float(v) for v in w], "num_neurons": n,
                       "min_allowed_weights": min_allowed, "max_weight_limit": limit,
                       "exclude_quantile": exq, "out_uids": [int(u) for u in pu],
                       "out_weights": [float(v) for v in pw], "out_float32": bool(pw.dtype == np.float32),
                       "emit_uids": eu, "emit_weights": ew})

print(json.dumps({"numpy": np.__version__, "normalize_max_weight": norm_cases, "process_weights": proc_cases}))
