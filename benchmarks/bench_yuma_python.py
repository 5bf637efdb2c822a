# SPDX-License-Identifier: MIT
"""Times bittensor_cpp.yuma.run_epoch called from Python on Yuma case files: the whole call, i.e.
reading the keyword arguments (rows as lists of (uid, value) pairs, as load_case gives them), the
epoch itself and building the output dict.

    PYTHONPATH=build/test/python /usr/bin/python3 benchmarks/bench_yuma_python.py \
        ../shared/vectors/yuma-bench/bench_b_head_n1024_v256_yuma3.json [--reps 9] [--rows arrays]

Prints one line per case: the median and minimum of `reps` calls after one warm-up call.
"""
import argparse
import statistics
import time

import bittensor_cpp.yuma as yuma


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="+")
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--rows", choices=("lists", "arrays"), default="lists",
                    help="form of the output rows (run_epoch's rows=)")
    args = ap.parse_args()
    for path in args.cases:
        case = yuma.load_case(path)
        inp = case["steps"][0]["input"]
        kw = dict(inp, variant=case["variant"], path=case["path"], rows=args.rows)
        yuma.run_epoch(**kw)  # warm-up
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            yuma.run_epoch(**kw)
            times.append(time.perf_counter() - t0)
        pairs = sum(len(r) for key in ("weights", "bonds") for r in inp.get(key) or [] if r)
        print(f"{case['id']} (rows={args.rows}): run_epoch from Python median {statistics.median(times) * 1e3:.2f} ms, "
              f"min {min(times) * 1e3:.2f} ms over {args.reps} calls ({pairs} input pairs)")


if __name__ == "__main__":
    main()
