# Shared by the bench scripts: build, start a database and a node on 127.0.0.1, stop them at exit.
# shellcheck shell=bash
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n "$(ulimit -Hn)" || true
BENCH_DIR=$(mktemp -d)
PIDS=()
bench_stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$BENCH_DIR"
}
trap bench_stop EXIT

bench_build() {
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

# bench_node HTTP_PORT [PG_URI]: a node with the demo subdistrict, waits until ready
bench_node() {
  local port=$1 uri=${2:-}
  DISPATCH_DATA_DIR="$BENCH_DIR/node-$port" DISPATCH_HTTP_PORT="$port" DISPATCH_PG_URI="$uri" DISPATCH_DEMO=true \
    DISPATCH_LOG_LEVEL=WARN java -Xms512m -Xmx2g -jar target/grid-dispatch.jar > "$BENCH_DIR/node-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep 1
  done
  echo "node did not become ready" >&2; cat "$BENCH_DIR/node-$port.log" >&2; return 1
}

bench_java() {
  java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$@"
}
