#!/usr/bin/env bash
# Compares the finished server with fasthttp and net/http serving the same
# step 3 handlers (only the HTTP layer differs), under wrk; and, on the GET
# rows, with a ceiling: a Go program that answers fixed bytes and parses
# nothing (full/fasthttp/ceiling), what any Go server on net.Conn costs
# before its HTTP layer does any work.
#
#   bash full/compare.sh                      # 5 rounds of 5 s a server and scenario
#   ROUNDS=3 DURATION=3s bash full/compare.sh # quicker, noisier
#   ONLY=POST bash full/compare.sh            # only the scenarios whose name matches
#   ROUNDS_SHOWN=1 bash full/compare.sh       # also every round's numbers
#   DB=1 bash full/compare.sh                 # full keeps the tasks in SQLite (-db), a new file each round
#   BEFORE=3107b19 bash full/compare.sh       # full against itself at an earlier commit, every row, nothing else
#
# How it measures, so that a noisy shared machine still gives an answer:
# the servers run on CPU 0 and wrk on CPU 1 (taskset), one wrk thread;
# each round starts the three servers fresh (a GET /tasks run lists the
# tutorial's 2 tasks, not what a POST run created), runs wrk against each
# in turn, the order rotating from round to round, and stops them. A
# ratio is the median of the per-round ratios (a round's runs are
# neighbours in time, so they share the machine's mood), not the ratio of
# the medians. "µs/req" is the server's CPU time (user + system, from
# /proc) over the requests it answered.
#
# Needs wrk, taskset and curl (apt-get install -y wrk util-linux curl);
# the fasthttp yardstick and the ceiling (full/fasthttp, a module of its
# own) are built from the Go module proxy. Loopback only; every run is bounded by DURATION,
# and the servers are stopped at the end of each round.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-5}
for cmd in wrk taskset curl; do
  command -v $cmd >/dev/null || { echo "compare.sh: $cmd is missing: apt-get install -y wrk util-linux curl" >&2; exit 1; }
done
ulimit -n 8192

tmp=$(mktemp -d)
mkdir "$tmp/bin" "$tmp/res"
pids=()
stop_servers() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap 'stop_servers; rm -rf "$tmp"' EXIT

# The test binary holds the net/http yardstick (test code only) and can
# run full's main; one build serves both. fasthttp is its own module.
go test -c -o "$tmp/bin/full.test" ./full
SERVERS=(full fasthttp net/http ceiling)
if [ -n "${BEFORE:-}" ]; then
  # The same build of full at an earlier commit, from git's copy of it.
  mkdir "$tmp/before"
  git archive "$BEFORE" | tar -x -C "$tmp/before"
  (cd "$tmp/before" && go test -c -o "$tmp/bin/before.test" ./full)
  SERVERS=(full before)
else
  (cd full/fasthttp && go build -o "$tmp/bin/fasthttp" . && go build -o "$tmp/bin/ceiling" ./ceiling)
fi

declare -A ADDR=([full]=127.0.0.1:18080 [fasthttp]=127.0.0.1:18082 [net/http]=127.0.0.1:18081 [ceiling]=127.0.0.1:18083 [before]=127.0.0.1:18084)
declare -A PID

# start_servers: the four, fresh, on CPU 0, each answering before it returns.
start_servers() {
  # -max-tasks is lifted: a POST run must measure creating tasks, not 507s.
  local db=""
  if [ -n "${DB:-}" ]; then rm -f "$tmp/tasks.db"*; db="-db $tmp/tasks.db"; fi
  FULL_RUN_MAIN=1 FULL_ARGS="-port ${ADDR[full]##*:} -max-tasks 1000000000 $db" taskset -c 0 "$tmp/bin/full.test" > /dev/null &
  PID[full]=$!; pids+=($!)
  if [ -n "${BEFORE:-}" ]; then
    if [ -n "${DB:-}" ]; then rm -f "$tmp/before.db"*; db="-db $tmp/before.db"; fi
    FULL_RUN_MAIN=1 FULL_ARGS="-port ${ADDR[before]##*:} -max-tasks 1000000000 $db" taskset -c 0 "$tmp/bin/before.test" > /dev/null &
    PID[before]=$!; pids+=($!)
  else
    FULL_NETHTTP_ADDR=${ADDR[net/http]} taskset -c 0 "$tmp/bin/full.test" > /dev/null &
    PID[net/http]=$!; pids+=($!)
    taskset -c 0 "$tmp/bin/fasthttp" -addr "${ADDR[fasthttp]}" > /dev/null &
    PID[fasthttp]=$!; pids+=($!)
    taskset -c 0 "$tmp/bin/ceiling" -addr "${ADDR[ceiling]}" > /dev/null &
    PID[ceiling]=$!; pids+=($!)
  fi
  for s in "${SERVERS[@]}"; do # curl backs off from 1 s when refused: a short wait, then the call
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/${ADDR[$s]/://}") 2>/dev/null && break; sleep 0.05; done
    curl -sS --max-time 5 -o /dev/null "http://${ADDR[$s]}/health"
  done
}

# The ceiling's fixed answers must be full's, byte for byte but the time
# (its Date is frozen) and the run a list's ETag names, or it would measure
# writing other bytes.
start_servers
[ -n "${BEFORE:-}" ] || for path in /health /tasks; do
  for s in full ceiling; do
    curl -sS --max-time 5 -i "http://${ADDR[$s]}$path" | tr -d '\r' | sed -E 's/^Date: .*/Date:/; s/"time":"[^"]*"/"time":""/; s/^ETag: W\/"[0-9a-f]{16}-/ETag: W\/"run-/' > "$tmp/$path.${s}"
  done
  if ! cmp -s "$tmp/$path.full" "$tmp/$path.ceiling"; then
    echo "compare.sh: the ceiling's answer to GET $path is not full's; update full/fasthttp/ceiling:" >&2
    diff "$tmp/$path.full" "$tmp/$path.ceiling" >&2
    exit 1
  fi
done
stop_servers

cat > "$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"load"}'
wrk.headers["Content-Type"] = "application/json"
LUA
# wrk -H needs "Name: value" with the space, which word splitting breaks;
# a script says it plainly.
cat > "$tmp/close.lua" <<'LUA'
wrk.headers["Connection"] = "close"
LUA

# cpu_ticks PID: the process's user + system time so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run SERVER CONNS PATH [wrk options...]: prints "requests/s p99-ms µs/req"
run() {
  local s=$1 conns=$2 path=$3; shift 3
  local before after
  before=$(cpu_ticks "${PID[$s]}")
  taskset -c 1 wrk -t1 -c"$conns" -d"$DURATION" --latency "$@" "http://${ADDR[$s]}$path" > "$tmp/out"
  after=$(cpu_ticks "${PID[$s]}")
  # Only the answers we wanted count: any other status fails the run.
  if grep -q 'Non-2xx or 3xx responses' "$tmp/out"; then
    echo "compare.sh: $s $path answered other statuses:" >&2
    cat "$tmp/out" >&2
    exit 1
  fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ {n = $1}
    /^Requests\/sec/ {rps = $2}
    $1 == "99%" {v = $2
      if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); v = v + 0 }
      else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
      p99 = v}
    END {printf "%.0f %.2f %.1f\n", rps, p99, ticks / hz * 1e6 / n}' "$tmp/out"
}

# median: the median of the numbers on stdin.
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
res() { echo "$tmp/res/${1//\//_}"; }
col() { awk -v c="$2" '{print $c}' "$(res "$1")"; }

if [ -n "${BEFORE:-}" ]; then
  printf '%-38s %9s %9s %9s %9s %9s %7s %7s\n' scenario "full r/s" "before" "/before" "full p99" "bef p99" "µs/req" "bef µs"
else
  printf '%-38s %9s %9s %9s %9s %9s %9s %9s %9s %7s %7s\n' scenario "full r/s" fasthttp net/http "/fasthttp" "/net/http" "/ceiling" "ceil/fh" "full p99" "µs/req" "fh µs"
fi
for sc in "keep-alive GET /health|50|/health|" "keep-alive GET /tasks|50|/tasks|" \
          "keep-alive POST /tasks|50|/tasks|-s $tmp/post.lua" \
          "keep-alive GET /health|1000|/health|" "keep-alive GET /tasks|1000|/tasks|" \
          "keep-alive POST /tasks|1000|/tasks|-s $tmp/post.lua" \
          "Connection: close GET /health|50|/health|-s $tmp/close.lua" \
          "Connection: close GET /health|1000|/health|-s $tmp/close.lua"; do
  IFS='|' read -r name conns path opts <<< "$sc"
  [[ "$name, $conns conns" =~ ${ONLY:-.} ]] || continue
  row=("${SERVERS[@]}")
  # The ceiling reads no body and never closes: it sits out POST and close.
  [[ "$opts" == *.lua* && -z "${BEFORE:-}" ]] && row=(full fasthttp net/http)
  for s in "${SERVERS[@]}"; do : > "$(res "$s")"; done
  for r in $(seq 0 $((ROUNDS - 1))); do
    start_servers
    for i in "${!row[@]}"; do # the order rotates from round to round
      s=${row[$(((i + r) % ${#row[@]}))]}
      # shellcheck disable=SC2086
      run "$s" "$conns" "$path" $opts >> "$(res "$s")"
    done
    stop_servers
  done
  # The median of the per-round ratios, not the ratio of the medians.
  if [ -n "${BEFORE:-}" ]; then
    fb=$(paste -d' ' "$(res full)" "$(res before)" | awk '{printf "%.2f\n", $1 / $4}')
    printf '%-38s %9s %9s %9s %7sms %7sms %7s %7s\n' "$name, $conns conns" \
      "$(col full 1 | median)" "$(col before 1 | median)" "$(echo "$fb" | median)x" \
      "$(col full 2 | median)" "$(col before 2 | median)" "$(col full 3 | median)" "$(col before 3 | median)"
    if [ -n "${ROUNDS_SHOWN:-}" ]; then
      for s in "${row[@]}"; do echo "    $s (r/s p99-ms µs/req): $(paste -sd'|' "$(res "$s")" | sed 's/|/ | /g')"; done
      echo "    full/before by round: $(echo "$fb" | paste -sd' ')"
    fi
    continue
  fi
  fh=$(paste -d' ' "$(res full)" "$(res fasthttp)" | awk '{printf "%.2f\n", $1 / $4}')
  nh=$(paste -d' ' "$(res full)" "$(res net/http)" | awk '{printf "%.2f\n", $1 / $4}')
  fc=- cf=- fcx=- cfx=-
  if [ -s "$(res ceiling)" ]; then
    fc=$(paste -d' ' "$(res full)" "$(res ceiling)" | awk '{printf "%.2f\n", $1 / $4}')
    cf=$(paste -d' ' "$(res ceiling)" "$(res fasthttp)" | awk '{printf "%.2f\n", $1 / $4}')
    fcx=$(echo "$fc" | median)x cfx=$(echo "$cf" | median)x
  fi
  printf '%-38s %9s %9s %9s %9s %9s %9s %9s %7sms %7s %7s\n' "$name, $conns conns" \
    "$(col full 1 | median)" "$(col fasthttp 1 | median)" "$(col net/http 1 | median)" \
    "$(echo "$fh" | median)x" "$(echo "$nh" | median)x" "$fcx" "$cfx" "$(col full 2 | median)" \
    "$(col full 3 | median)" "$(col fasthttp 3 | median)"
  if [ -n "${ROUNDS_SHOWN:-}" ]; then
    for s in "${row[@]}"; do echo "    $s (r/s p99-ms µs/req): $(paste -sd'|' "$(res "$s")" | sed 's/|/ | /g')"; done
    echo "    full/fasthttp by round: $(echo "$fh" | paste -sd' ')"
    echo "    full/net/http by round: $(echo "$nh" | paste -sd' ')"
    [ "$fc" = - ] || echo "    full/ceiling by round: $(echo "$fc" | paste -sd' ')"
    [ "$cf" = - ] || echo "    ceiling/fasthttp by round: $(echo "$cf" | paste -sd' ')"
  fi
done
