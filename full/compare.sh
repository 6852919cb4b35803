#!/usr/bin/env bash
# Compares the finished server with net/http serving the same handlers,
# under wrk: keep-alive (or not),
# wrk pinned to one core and the server under test to the other.
#
#   bash full/compare.sh                 # 3 rounds of 3 s runs a scenario
#   ROUNDS=5 DURATION=5s bash full/compare.sh
#   ONLY=POST bash full/compare.sh       # only the scenarios whose name matches
#
# Each scenario runs ROUNDS times, alternating the two servers, and the
# table shows the median of each, and as the ratio the median of the
# per-round ratios (each round's two runs are neighbours in time, so they
# share the machine's mood): a shared machine is noisy, and a single run
# can be off by a fifth either way. ROUNDS_SHOWN=1 also prints each
# round's ratio.
#
# Needs wrk and taskset (apt-get install -y wrk util-linux). Loopback only;
# every run is bounded by DURATION and the servers are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-3s}
ROUNDS=${ROUNDS:-3}
OURS=127.0.0.1:18080
THEIRS=127.0.0.1:18081
command -v wrk >/dev/null || { echo "compare.sh: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
ulimit -n 8192

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

# The test binary holds the net/http yardstick (test code only) and can
# run full's main; one build serves both.
go test -c -o "$tmp/full.test" ./full
# -max-tasks is lifted: a POST run must measure creating tasks, not 507s.
FULL_RUN_MAIN=1 FULL_ARGS="-port ${OURS##*:} -max-tasks 1000000000" taskset -c 1 "$tmp/full.test" > /dev/null &
pids+=($!)
FULL_NETHTTP_ADDR=$THEIRS taskset -c 1 "$tmp/full.test" > /dev/null &
pids+=($!)
for addr in $OURS $THEIRS; do
  curl -s --retry 50 --retry-connrefused --retry-delay 0 -o /dev/null "http://$addr/health"
done

cat > "$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"load"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# run ADDR CONNS PATH [wrk options...]: prints "requests/s p99"
run() {
  local addr=$1 conns=$2 path=$3; shift 3
  taskset -c 0 wrk -t1 -c"$conns" -d"$DURATION" --latency "$@" "http://$addr$path" > "$tmp/out"
  # Only the answers we wanted count: any other status fails the run.
  if grep -q 'Non-2xx or 3xx responses' "$tmp/out"; then
    echo "compare.sh: $addr$path answered other statuses:" >&2
    cat "$tmp/out" >&2
    exit 1
  fi
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/out")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/out")
  echo "$rps $p99"
}

# median FILE: the median of each column of "requests/s p99" lines (p99
# in wrk's units: us, ms or s, turned into ms).
median() {
  local rps p99
  rps=$(awk '{print $1}' "$1" | sort -n | awk '{a[NR] = $1} END {printf "%.0f", a[int((NR + 1) / 2)]}')
  p99=$(awk '{v = $2
              if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
              else if (v ~ /ms$/) { sub(/ms$/, "", v); v = v + 0 }
              else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
              print v}' "$1" | sort -n | awk '{a[NR] = $1} END {printf "%.2fms", a[int((NR + 1) / 2)]}')
  echo "$rps $p99"
}

printf '%-36s %11s %11s %7s %9s %9s\n' scenario "full req/s" "net/http" ratio "full p99" "nh p99"
# POST runs last: it grows the store, and GET /tasks would then list it all.
for sc in "keep-alive GET /health|50|/health|" "keep-alive GET /tasks|50|/tasks|" \
          "Connection: close GET /health|50|/health|-H Connection:close" \
          "keep-alive GET /health|1000|/health|" "keep-alive GET /tasks|1000|/tasks|" \
          "Connection: close GET /health|1000|/health|-H Connection:close" \
          "keep-alive POST /tasks|50|/tasks|-s $tmp/post.lua" "keep-alive POST /tasks|1000|/tasks|-s $tmp/post.lua"; do
  IFS='|' read -r name conns path opts <<< "$sc"
  [[ "$name, $conns conns" =~ ${ONLY:-.} ]] || continue
  : > "$tmp/ours"; : > "$tmp/theirs"
  for _ in $(seq "$ROUNDS"); do
    # shellcheck disable=SC2086
    run $OURS "$conns" "$path" $opts >> "$tmp/ours"
    # shellcheck disable=SC2086
    run $THEIRS "$conns" "$path" $opts >> "$tmp/theirs"
  done
  read -r ours_rps ours_p99 <<< "$(median "$tmp/ours")"
  read -r theirs_rps theirs_p99 <<< "$(median "$tmp/theirs")"
  # The median of the per-round ratios, not the ratio of the medians.
  rounds=$(paste -d' ' "$tmp/ours" "$tmp/theirs" | awk '{printf "%.2f\n", $1 / $3}')
  ratio=$(echo "$rounds" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}')
  printf '%-36s %11s %11s %7s %9s %9s\n' "$name, $conns conns" "$ours_rps" "$theirs_rps" "${ratio}x" "$ours_p99" "$theirs_p99"
  if [ -n "${ROUNDS_SHOWN:-}" ]; then echo "    rounds: $(echo "$rounds" | tr '\n' ' ')"; fi
done
