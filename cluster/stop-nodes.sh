#!/usr/bin/env bash
# Stops what cluster/start-nodes.sh started: each node gracefully (SIGTERM: readiness goes down,
# sockets are told to reconnect elsewhere, the node leaves the cluster), then the database.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=data/cluster/pids
for f in "$dir"/node*; do
  [ -f "$f" ] || continue
  kill "$(cat "$f")" 2>/dev/null && echo "stopping $(basename "$f")"
done
for f in "$dir"/node*; do
  [ -f "$f" ] || continue
  while kill -0 "$(cat "$f")" 2>/dev/null; do sleep 0.5; done
  rm -f "$f"
done
if [ -f "$dir/db" ]; then kill "$(cat "$dir/db")" 2>/dev/null; rm -f "$dir/db"; echo "database stopped"; fi
