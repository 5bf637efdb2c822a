#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Local subtensor chain for integration tests: the real runtime wasm from a raw chain spec, executed by
# chopsticks (@acala-network/chopsticks, pinned in package.json/package-lock.json) on 127.0.0.1.
# Blocks are built only on `dev_newBlock` (manual mode), so tests are deterministic.
#
# usage: localnet.sh start  <raonet|spec143> [port]   start in the background, wait until it answers,
#                                                     make //Alice sudo and fund //Alice..//Ferdie
#        localnet.sh stop   <raonet|spec143> [port]   stop it (by the recorded PID)
#        localnet.sh status <raonet|spec143> [port]   exit 0 if it is running and answering
#   raonet   spec 218 (dTAO call shapes, metadata V14/V15; the epoch is mocked in this build)   default port 9944
#   spec143  testfinney genesis + finney runtime spec 143 via --wasm-override (real Yuma epoch) default port 9945
#
# environment:
#   BT_CHAIN_DIR           raw specs (default: <repo>/../shared/chain). Never copied into the repo.
#   BT_LOCALNET_STATE_DIR  where patched specs, logs, PID files and <target>.url go
#                          (default: ${TMPDIR:-/tmp}/bt-localnet-<uid>)
#   BT_LOCALNET_NODE_MODULES  chopsticks install (default: this folder's node_modules; `npm ci` runs
#                          here when it is missing)
#   BT_LOCALNET_START_TIMEOUT seconds to wait for the chain (default 180)
#   RUNTIME_LOG_LEVEL      0-5, runtime log lines in the log file (default 0)
# exit codes: 0 ok; 1 failure (with the log tail); 2 usage; 77 chain specs missing (skip).
# On success `start` prints: READY ws://127.0.0.1:<port> pid=<pid> startup_ms=<ms> target=<t> log=<file>
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CMD="${1:-}"
TARGET="${2:-}"
case "$TARGET" in
  raonet) DEFAULT_PORT=9944 ;;
  spec143) DEFAULT_PORT=9945 ;;
  *) echo "usage: $0 start|stop|status raonet|spec143 [port]" >&2; exit 2 ;;
esac
PORT="${3:-$DEFAULT_PORT}"
CHAIN_DIR="${BT_CHAIN_DIR:-$REPO/../shared/chain}"
STATE_ROOT="${BT_LOCALNET_STATE_DIR:-${TMPDIR:-/tmp}/bt-localnet-$(id -u)}"
STATE_DIR="$STATE_ROOT/$TARGET-$PORT"
NM="${BT_LOCALNET_NODE_MODULES:-$HERE/node_modules}"
CLI="$NM/@acala-network/chopsticks/chopsticks.cjs"
PIDF="$STATE_DIR/chopsticks.pid"
LOG="$STATE_DIR/chopsticks.log"
URLF="$STATE_ROOT/$TARGET.url"

# True if PID is alive and is our chopsticks (guards against a recycled PID).
is_ours() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "chopsticks.cjs"
}

stop_chain() {
  [ -f "$PIDF" ] || { echo "localnet $TARGET: not running (no $PIDF)"; rm -f "$URLF"; return 0; }
  local pid; pid="$(cat "$PIDF")"
  if is_ours "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do is_ours "$pid" || break; sleep 0.1; done
    is_ours "$pid" && kill -9 "$pid" 2>/dev/null || true
    echo "localnet $TARGET: stopped pid $pid (port $PORT)"
  else
    echo "localnet $TARGET: pid $pid was not running"
  fi
  rm -f "$PIDF" "$URLF"
}

case "$CMD" in
  stop) stop_chain; exit 0 ;;
  status)
    if [ -f "$PIDF" ] && is_ours "$(cat "$PIDF")" && node "$HERE/localnet-helper.js" ping "$PORT" 2>/dev/null; then
      echo "localnet $TARGET: running pid $(cat "$PIDF") ws://127.0.0.1:$PORT"; exit 0
    fi
    echo "localnet $TARGET: not running on port $PORT"; exit 1 ;;
  start) ;;
  *) echo "usage: $0 start|stop|status raonet|spec143 [port]" >&2; exit 2 ;;
esac

# ---- start ----
if [ ! -d "$CHAIN_DIR" ]; then
  echo "##################################################################" >&2
  echo "## localnet: chain spec directory $CHAIN_DIR is missing." >&2
  echo "## Set BT_CHAIN_DIR to the folder with raonet.json etc." >&2
  echo "## Localnet integration tests will be SKIPPED." >&2
  echo "##################################################################" >&2
  exit 77
fi
EXTRA=()
case "$TARGET" in
  raonet) SPEC="$CHAIN_DIR/raonet.json" ;;
  spec143) SPEC="$CHAIN_DIR/raw_spec_testfinney.json"; WASM="$CHAIN_DIR/code_substitute_2585476.txt"
           [ -f "$WASM" ] || { echo "localnet: missing $WASM" >&2; exit 77; } ;;
esac
[ -f "$SPEC" ] || { echo "localnet: missing $SPEC (set BT_CHAIN_DIR); tests will be SKIPPED" >&2; exit 77; }

if [ ! -f "$CLI" ]; then
  [ -z "${BT_LOCALNET_NODE_MODULES:-}" ] || { echo "localnet: $CLI missing" >&2; exit 1; }
  echo "localnet: installing chopsticks (npm ci in $HERE)..." >&2
  # one install at a time (several builds may start the fixture together)
  (
    flock -w 600 9
    [ -f "$CLI" ] || (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  ) 9> "${TMPDIR:-/tmp}/bt-localnet-npm-$(id -u).lock"
  [ -f "$CLI" ] || { echo "localnet: npm ci did not install chopsticks" >&2; exit 1; }
fi

mkdir -p "$STATE_DIR"
if [ -f "$PIDF" ] && is_ours "$(cat "$PIDF")"; then
  echo "localnet $TARGET: already running pid $(cat "$PIDF") (localnet.sh stop $TARGET $PORT)" >&2; exit 1
fi
# Refuse a busy port up front (chopsticks would silently take the next free one).
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "localnet $TARGET: port $PORT is already in use by another process" >&2; exit 1
fi

node "$HERE/localnet-helper.js" patch "$SPEC" "$STATE_DIR/genesis.json"
if [ "$TARGET" = spec143 ]; then
  EXTRA+=(--allow-unresolved-imports)
  { printf '0x'; tr -d ' \n' < "$WASM"; } > "$STATE_DIR/override.wasm.hex"
  EXTRA+=(--wasm-override "$STATE_DIR/override.wasm.hex")
fi

T0=$(date +%s%N)
# setsid: own session, so the server outlives the calling shell; stop kills it by PID.
setsid node "$CLI" --genesis="$STATE_DIR/genesis.json" --host 127.0.0.1 --port "$PORT" \
  --build-block-mode Manual --runtime-log-level "${RUNTIME_LOG_LEVEL:-0}" \
  "${EXTRA[@]}" > "$LOG" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$PIDF"

fail() {
  echo "localnet $TARGET: $1" >&2
  tail -40 "$LOG" >&2 || true
  stop_chain >&2 || true
  exit 1
}
DEADLINE=$(( $(date +%s) + ${BT_LOCALNET_START_TIMEOUT:-180} ))
while :; do
  kill -0 "$PID" 2>/dev/null || fail "chopsticks exited during start-up:"
  if grep -q "RPC listening on" "$LOG"; then
    # The line may still be half written (seen once in a full ctest run: the URL not yet there), so a
    # mismatch counts only when it is still there a second later.
    if ! grep -Eq "(ws|http)://127\.0\.0\.1:$PORT([^0-9]|$)" "$LOG"; then
      sleep 1
      grep -Eq "(ws|http)://127\.0\.0\.1:$PORT([^0-9]|$)" "$LOG" ||
        fail "port $PORT was busy and chopsticks silently took another one: $(grep 'RPC listening' "$LOG")"
    fi
    node "$HERE/localnet-helper.js" ping "$PORT" 2>/dev/null && break
  fi
  [ "$(date +%s)" -lt "$DEADLINE" ] || fail "timeout waiting for chopsticks on port $PORT"
  sleep 0.2
done
READY_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
node "$HERE/localnet-helper.js" setup "$PORT" >&2 || fail "dev_setStorage setup failed"
echo "ws://127.0.0.1:$PORT" > "$URLF"
echo "READY ws://127.0.0.1:$PORT pid=$PID startup_ms=$READY_MS total_ms=$(( ($(date +%s%N) - T0) / 1000000 )) target=$TARGET log=$LOG"
