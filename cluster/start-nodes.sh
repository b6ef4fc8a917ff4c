#!/usr/bin/env bash
# Starts a database and N nodes on 127.0.0.1 as one cluster:
#   cluster/start-nodes.sh [N=3]
# Node i listens on HTTP 8080+i and Hazelcast 5700+i; all share the PostgreSQL started by
# `java -jar target/grid-dispatch.jar db` on DISPATCH_DB_PORT (default 15432) and one data directory
# (for the token key). Logs and pids go to data/cluster/. Stop them with cluster/stop-nodes.sh.
# The nodes believe the X-Forwarded-For of the nginx of cluster/nginx.conf on 127.0.0.1 (docs/security.md).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
dbport=${DISPATCH_DB_PORT:-15432}
dir=data/cluster
mkdir -p "$dir/logs" "$dir/pids"
[ -f target/grid-dispatch.jar ] || mvn -q -DskipTests package

if ! [ -f "$dir/pids/db" ] || ! kill -0 "$(cat "$dir/pids/db")" 2>/dev/null; then
  DISPATCH_DATA_DIR="$dir/db" DISPATCH_DB_PORT="$dbport" nohup java -jar target/grid-dispatch.jar db > "$dir/logs/db.log" 2>&1 &
  echo $! > "$dir/pids/db"
  for _ in $(seq 1 60); do grep -q DISPATCH_PG_URI "$dir/logs/db.log" 2>/dev/null && break; sleep 1; done
fi

members=$(seq -s, -f "127.0.0.1:57%02g" 1 "$n")
for i in $(seq 1 "$n"); do
  DISPATCH_PG_URI="postgresql://dispatch:dispatch@127.0.0.1:$dbport/dispatch" DISPATCH_DEMO=true \
  DISPATCH_DATA_DIR="$dir/shared" DISPATCH_HTTP_PORT=$((8080 + i)) \
  DISPATCH_CLUSTER=true DISPATCH_CLUSTER_NAME=${DISPATCH_CLUSTER_NAME:-grid-dispatch-local} \
  DISPATCH_CLUSTER_INTERFACE=127.0.0.1 DISPATCH_CLUSTER_PORT=$((5700 + i)) DISPATCH_CLUSTER_MEMBERS="$members" \
  DISPATCH_TRUSTED_PROXIES=127.0.0.1 \
    nohup java -jar target/grid-dispatch.jar > "$dir/logs/node$i.log" 2>&1 &
  echo $! > "$dir/pids/node$i"
done
for i in $(seq 1 "$n"); do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$((8080 + i))/health/ready" > /dev/null && break; sleep 1; done
  echo "node $i: http://127.0.0.1:$((8080 + i))/ $(curl -s "http://127.0.0.1:$((8080 + i))/health/ready")"
done
echo "Put nginx in front with cluster/nginx.conf (listens on 8080)."
