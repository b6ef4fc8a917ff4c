# Shared by the bench scripts: build, start a database and a node on 127.0.0.1, stop them at exit.
# shellcheck shell=bash
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n "$(ulimit -Hn)" || true
BENCH_DIR=$(mktemp -d)
# the nodes' /metrics scrape token, for reading their heap (inherited by the nodes and the bench clients)
export DISPATCH_METRICS_TOKEN=${DISPATCH_METRICS_TOKEN:-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}
PIDS=()
bench_stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$BENCH_DIR"
}
trap bench_stop EXIT

# BENCH_BUILT=1: the jar and the classpath are already built (build first, then hold the bench lock to measure)
bench_build() {
  [ "${BENCH_BUILT:-0}" = 1 ] && [ -f target/grid-dispatch.jar ] && [ -f target/bench.classpath ] && return 0
  mvn -q -B -DskipTests package
  mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
}

# bench_db PORT: the embedded PostgreSQL alone, as several nodes would share it
bench_db() {
  DISPATCH_DATA_DIR="$BENCH_DIR/db" DISPATCH_DB_PORT="$1" java -jar target/grid-dispatch.jar db > "$BENCH_DIR/db.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do
    grep -q "DISPATCH_PG_URI" "$BENCH_DIR/db.log" 2>/dev/null && return 0
    sleep 1
  done
  echo "database did not start" >&2; cat "$BENCH_DIR/db.log" >&2; return 1
}

# bench_node HTTP_PORT [PG_URI]: a node with the demo subdistrict, waits until ready; the abuse limits are
# off, as for any load test on a closed network (every bench client is one loopback client, filing in bursts)
bench_node() {
  local port=$1 uri=${2:-}
  DISPATCH_DATA_DIR="$BENCH_DIR/node-$port" DISPATCH_HTTP_PORT="$port" DISPATCH_PG_URI="$uri" DISPATCH_DEMO=true \
    DISPATCH_RATE_LIMITS=off DISPATCH_LOG_LEVEL=WARN java -Xms512m -Xmx2g ${BENCH_NODE_OPTS:-} -jar target/grid-dispatch.jar > "$BENCH_DIR/node-$port.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sf -m 2 "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  echo "node did not become ready" >&2; cat "$BENCH_DIR/node-$port.log" >&2; return 1
}

bench_java() {
  java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$@"
}

# Where bench/run gathers the sections' reports; a section run alone writes to a directory of its own.
BENCH_OUT=${BENCH_OUT:-$(mktemp -d)}
mkdir -p "$BENCH_OUT"
BENCH_QUICK=${BENCH_QUICK:-0}

# bench_summary MEASURE OURS PEER RATIO GOAL: one row of the summary table (ours, the alternative, ratio)
bench_summary() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$BENCH_OUT/summary.tsv"
}

# bench_section NAME: appends stdin to this section's part of the results
bench_section() {
  cat >> "$BENCH_OUT/$1.md"
}

# bench_apt PACKAGE...: installs Debian packages that are missing (the peers the suite compares with)
bench_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # RUNLEVEL=1: packages with a service (nginx, PostgreSQL) are installed, not started on all interfaces
  $sudo apt-get update -qq >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" >/dev/null
}

# bench_kill PID: stops one process started here (the rest stop at exit)
bench_kill() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# bench_ratio A B: A / B with two decimals
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'
}
