#!/usr/bin/env bash
# Wall time of `make demo` on a fresh clone, from the command to the server
# answering, on a warm pip cache. Usage: bench/demo_startup.sh [runs] [port]
set -euo pipefail
runs=${1:-3}
port=${2:-8799}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
seeds="$repo/../shared/seeds"

for run in $(seq "$runs"); do
  work=$(mktemp -d)
  git clone -q "$repo" "$work/main"
  start=$(date +%s.%N)
  (cd "$work/main" && SEEDS_DIR="$seeds" PORT=$port setsid make demo >"$work/demo.log" 2>&1) &
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v2/pages/?type=articles.ArticlePage"; do
    sleep 0.2
    if ! kill -0 $! 2>/dev/null; then cat "$work/demo.log"; exit 1; fi
  done
  end=$(date +%s.%N)
  printf 'run %s: make demo to a serving API in %.1f s\n' "$run" "$(echo "$end - $start" | bc)"
  pkill -f "runserver 127.0.0.1:$port" || true
  wait || true
  rm -rf "$work"
done
