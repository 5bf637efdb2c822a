#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest fixture driver: start or stop both local chains (raonet and spec143) with localnet.sh.
# usage: fixture.sh start|stop <raonet_port> <spec143_port>
# exit 77 (ctest: Skipped) when the chain specs are missing; the localnet tests then skip loudly too.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CMD="$1"; P_RAO="$2"; P_143="$3"
if [ "$CMD" = stop ]; then
  "$HERE/localnet.sh" stop raonet "$P_RAO"; "$HERE/localnet.sh" stop spec143 "$P_143"; exit 0
fi
# A chain left over by an interrupted run (same state dir) is stopped first, by its recorded PID.
"$HERE/localnet.sh" stop raonet "$P_RAO" >/dev/null 2>&1 || true
"$HERE/localnet.sh" stop spec143 "$P_143" >/dev/null 2>&1 || true
T0=$(date +%s%N)
"$HERE/localnet.sh" start raonet "$P_RAO" & A=$!
sleep 1
"$HERE/localnet.sh" start spec143 "$P_143"; B=$?
wait $A; A=$?
echo "localnet fixture: both chains ready after $(( ($(date +%s%N) - T0) / 1000000 )) ms (raonet rc=$A, spec143 rc=$B)"
if [ $A -eq 77 ] || [ $B -eq 77 ]; then "$HERE/localnet.sh" stop raonet "$P_RAO" >/dev/null; "$HERE/localnet.sh" stop spec143 "$P_143" >/dev/null; exit 77; fi
if [ $A -ne 0 ] || [ $B -ne 0 ]; then "$HERE/localnet.sh" stop raonet "$P_RAO"; "$HERE/localnet.sh" stop spec143 "$P_143"; exit 1; fi
exit 0
