#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command for the submit benchmarks (BENCHMARKS.md, "Submitting transactions"): starts a raonet chain
# (tests/localnet/localnet.sh) on its own port and state dir, runs bench_subtensor_submit against it (our
# side and polkadot-js alternating in the same run) and stops the chain again, also on failure or Ctrl-C.
#
#   benchmarks/run_submit_bench.sh [BUILD_DIR=build/dev] [PORT=9944] [-- extra benchmark arguments]
#
# The build dir must be configured with -DBT_BUILD_BENCHMARKS=ON (the target is built here if needed).
# Environment: BT_BENCH_SUBMIT_N (transfers per throughput round, default 50), BT_BENCH_SUBMIT_K (per
# latency round, default 5), BT_BENCH_SUBMIT_ROUNDS (default 3), BT_CHAIN_DIR (raw chain specs),
# BT_LOCALNET_STATE_DIR (default: a fresh temporary folder). Prints the load average before and after.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
BUILD="${1:-build/dev}"
PORT="${2:-9944}"
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
case "$BUILD" in /*) ;; *) BUILD="$REPO/$BUILD" ;; esac
export BT_LOCALNET_STATE_DIR="${BT_LOCALNET_STATE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bt-submit-bench.XXXXXX")}"

cmake --build "$BUILD" --target bench_subtensor_submit
"$REPO/tests/localnet/localnet.sh" start raonet "$PORT"
trap '"$REPO/tests/localnet/localnet.sh" stop raonet "$PORT"' EXIT
echo "load average before: $(cat /proc/loadavg)"
BT_BENCH_LOCALNET_RAONET_URL="ws://127.0.0.1:$PORT" "$BUILD/benchmarks/bench_subtensor_submit" "$@"
echo "load average after: $(cat /proc/loadavg)"
