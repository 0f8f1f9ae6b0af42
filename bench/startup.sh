#!/usr/bin/env bash
# Startup time and memory of Nätverket against the minimal Tauri app in bench/floor, under Xvfb.
#
#   bench/startup.sh [RUNS]          # default 10 measured runs per app, after one warm-up run each
#   NATVERK_DB=target/bench/natverk-bench.sqlite3 bench/startup.sh   # against a large database
#   WEBKIT_SETTINGS=own bench/startup.sh     # each app with its own WebKit default (see below)
#   WEBKIT_SETTINGS=both bench/startup.sh    # the equal comparison, then the other one
#   FLOOR_BIN=/tmp/before/natverket APP_BIN=/tmp/after/natverket NATVERKET_BENCH_NO_BUILD=1 bench/startup.sh 20
#                                            # two builds of the app against each other (A/B); the same
#                                            # binary in both places (A/A) shows the noise of the machine
#
# WebKit settings: Nätverket draws without WebKitGTK's GPU compositor (main.rs sets
# WEBKIT_DISABLE_COMPOSITING_MODE=1 unless the user set it), which is much faster on machines
# without a usable GPU, and runs its page's JavaScript without JavaScriptCore's optimising compilers
# (JSC_useDFGJIT=false); the floor keeps Tauri's defaults. Comparing the two as they come would
# credit those settings to Nätverket's own work, so by default (WEBKIT_SETTINGS=equal) both apps get
# both settings: the ratios then show only what Nätverket adds. (The floor's one script never gets hot
# enough for the optimising compilers, so the second setting changes nothing for it.) `own` runs
# each with its own defaults and is reported under its own heading.
#
# For each run: launch the release binary, wait for the line `first-render-ms=` that the UI
# triggers once its first view has rendered with data (NATVERKET_REPORT_FIRST_RENDER=1), take the
# time from launch to that line, wait a second for the page to settle, then sum PSS and RSS over
# the app and all its child processes (WebKitWebProcess, WebKitNetworkProcess) from
# /proc/<pid>/smaps_rollup, stop the app with SIGTERM and wait until its WebKit processes have gone
# too. Prints medians and the ratios app/floor, with a 95 % bootstrap interval for the startup ratio.
set -euo pipefail

RUNS=${1:-10}
WEBKIT_SETTINGS=${WEBKIT_SETTINGS:-equal}
case "$WEBKIT_SETTINGS" in
  equal | own | both) ;;
  *) echo "WEBKIT_SETTINGS ska vara equal, own eller both (inte $WEBKIT_SETTINGS)" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
APP_BIN=${APP_BIN:-$TARGET_DIR/release/natverket}
FLOOR_BIN=${FLOOR_BIN:-$TARGET_DIR/release/natverket-floor}
SETTLE_SECONDS=1
TIMEOUT_SECONDS=60

# Always measure in a fresh virtual screen so that runs are comparable between machines.
if [ -z "${NATVERKET_BENCH_IN_XVFB:-}" ]; then
  if [ -z "${NATVERKET_BENCH_NO_BUILD:-}" ]; then
    echo "Bygger appen och golvappen (release) …" >&2
    (cd "$ROOT" && cargo build --release --locked -p natverket -p natverket-floor) >&2
  fi
  command -v xvfb-run >/dev/null || { echo "xvfb-run saknas: kör make deps" >&2; exit 1; }
  NATVERKET_BENCH_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$0" "$@"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/natverket-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Microseconds since the epoch, from bash itself: the wait for the first view must not start
# processes of its own (a `date`, `grep` or `sleep` per poll kept most of one of the machine's two
# cores busy while the measured app started).
now_us() { local now=${EPOCHREALTIME/[.,]/}; echo "$now"; }

# The pid and every descendant of it.
process_tree() {
  local pids=("$1") frontier=("$1") next child
  while [ ${#frontier[@]} -gt 0 ]; do
    next=()
    for pid in "${frontier[@]}"; do
      for child in $(pgrep -P "$pid" 2>/dev/null || true); do
        pids+=("$child")
        next+=("$child")
      done
    done
    frontier=("${next[@]+"${next[@]}"}")
  done
  echo "${pids[@]}"
}

# "PSS_KB RSS_KB PROCESS_COUNT" summed over the processes $@ (a process tree).
memory_of_tree() {
  local pss=0 rss=0 count=0 pid value
  for pid in "$@"; do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    value=$(awk '/^Pss:/ {p=$2} /^Rss:/ {r=$2} END {print p+0, r+0}' "/proc/$pid/smaps_rollup" 2>/dev/null) || continue
    pss=$((pss + ${value% *}))
    rss=$((rss + ${value#* }))
    count=$((count + 1))
  done
  echo "$pss $rss $count"
}

# Waits (at most 10 s) until every process in $@ has exited. WebKit's web and network processes
# end on their own once the app is gone, freeing a few hundred MiB as they go; the next run must
# not start while they do, or it would pay for the previous one's teardown.
wait_until_gone() {
  local pid waited=0
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 200 ]; do
      sleep 0.05
      waited=$((waited + 1))
    done
  done
}

# Runs $2 once; prints "LAUNCH_TO_RENDER_MS APP_REPORTED_MS PSS_KB RSS_KB PROCESSES".
# The app's standard output comes through a pipe that bash reads line by line (`read` is a
# builtin), so waiting for `first-render-ms=` costs no CPU; the rest of the output is copied to
# the run's stdout file once the time is taken. Both apps print nothing while they start and put
# that line before their startup steps and page milestones, so the clock stops at the first line
# of the report and the script never wakes (or reads a pipe byte by byte) during the startup.
measure_once() {
  local name=$1 binary=$2 run_dir=$WORK/$1-$3 home=$WORK/$1-home pid start elapsed_ms reported memory
  local line remaining_s drain rest tree
  # One data folder per app across its runs: the warm-up run creates (and seeds) the database.
  mkdir -p "$run_dir" "$home/data" "$home/config" "$home/cache"
  : >"$run_dir/stdout"
  start=$(now_us)
  # shellcheck disable=SC2086 # $WEBKIT_ENV is a list of NAME=VALUE words (or empty)
  coproc APP { exec env -u WEBKIT_DISABLE_COMPOSITING_MODE -u JSC_useDFGJIT $WEBKIT_ENV \
    XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
    NATVERKET_REPORT_FIRST_RENDER=1 "$binary" 2>"$run_dir/stderr"; }
  pid=$APP_PID
  while true; do
    remaining_s=$(( TIMEOUT_SECONDS - ($(now_us) - start) / 1000000 ))
    if [ "$remaining_s" -le 0 ]; then
      echo "$name visade ingen första vy på $TIMEOUT_SECONDS s" >&2
      kill -TERM "$pid" 2>/dev/null || true
      return 1
    fi
    if ! IFS= read -r -t "$remaining_s" line <&"${APP[0]}"; then
      kill -0 "$pid" 2>/dev/null && continue # the timeout; checked above
      echo "$name avslutades innan första vyn visades:" >&2
      cat "$run_dir/stderr" >&2
      return 1
    fi
    printf '%s\n' "$line" >>"$run_dir/stdout"
    case $line in first-render-ms=*) break ;; esac
  done
  elapsed_ms=$(( ($(now_us) - start) / 1000 ))
  # Whatever the app prints after that line goes to the file too, and the pipe stays open so that
  # the app never writes into a closed one. (A background job does not get the coprocess's own
  # descriptor, so it reads a copy.)
  exec {rest}<&"${APP[0]}"
  cat <&"$rest" >>"$run_dir/stdout" &
  drain=$!
  reported=${line#first-render-ms=}
  sleep "$SETTLE_SECONDS"
  tree=$(process_tree "$pid")
  # shellcheck disable=SC2086 # $tree is a list of pids
  memory=$(memory_of_tree $tree)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086 # $tree is a list of pids
  wait_until_gone $tree
  wait "$drain" 2>/dev/null || true
  exec {rest}<&-
  echo "$elapsed_ms $reported $memory"
}

median() { sort -n | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2)}'; }

# Measures both apps RUNS times in pairs, so that both see the same machine load (after one warm-up
# run each, which fills caches and makes the day's backup). The order within a pair alternates
# (floor first, then app first), so that neither app is always the one that runs after the other.
measure_both() {
  local i name order
  for name in floor app; do
    [ -x "$(binary_of "$name")" ] || { echo "$(binary_of "$name") saknas (bygg med cargo build --release)" >&2; exit 1; }
    measure_once "$name" "$(binary_of "$name")" warmup >/dev/null
    : >"$WORK/$name.results"
  done
  for i in $(seq 1 "$RUNS"); do
    if [ $((i % 2)) -eq 1 ]; then order="floor app"; else order="app floor"; fi
    for name in $order; do
      measure_once "$name" "$(binary_of "$name")" "$i" >>"$WORK/$name.results"
    done
  done
}

# "LOW–HIGH": a 95 % bootstrap interval for the ratio of the medians in column $1 (app/floor),
# resampling whole pairs 2,000 times; "–" where python3 is missing. The spread of the machine
# shows here: the ratio of medians is only as good as this interval is narrow.
ratio_interval() {
  command -v python3 >/dev/null || { printf '–'; return; }
  python3 - "$1" "$WORK/floor.results" "$WORK/app.results" <<'PYTHON'
import random, statistics, sys
column = int(sys.argv[1]) - 1
floor, app = ([float(line.split()[column]) for line in open(path)] for path in sys.argv[2:4])
pairs = [(f, a) for f, a in zip(floor, app) if f > 0]
random.seed(1)
ratios = sorted(
    statistics.median(a for _, a in sample) / statistics.median(f for f, _ in sample)
    for sample in ([random.choice(pairs) for _ in pairs] for _ in range(2000)))
print(f"{ratios[49]:.2f}–{ratios[1949]:.2f}", end="")
PYTHON
}

binary_of() { if [ "$1" = app ]; then echo "$APP_BIN"; else echo "$FLOOR_BIN"; fi; }

column_median() { awk -v c="$2" '{print $c}' "$WORK/$1.results" | median; }

# Measures and reports one comparison: $1 is equal (both apps with Nätverket's WebKit settings)
# or own (each app its own default).
compare() {
  local mode=$1
  if [ "$mode" = equal ]; then
    WEBKIT_ENV="WEBKIT_DISABLE_COMPOSITING_MODE=1 JSC_useDFGJIT=false"
    HEADING="Samma WebKit-inställningar för båda (WEBKIT_DISABLE_COMPOSITING_MODE=1 JSC_useDFGJIT=false)"
  else
    WEBKIT_ENV=""
    HEADING="Varje app med sin egen WebKit-inställning (golvet: Tauris standard med GPU-kompositor)"
  fi
  echo "Mäter $RUNS starter per app${NATVERK_DB:+ med NATVERK_DB=$NATVERK_DB}: $HEADING …" >&2
  measure_both
  printf '\n== %s ==\n' "$HEADING"
  printf 'golv: %s\napp:  %s\n' "$FLOOR_BIN" "$APP_BIN"

  printf '\n%-26s %12s %12s %10s %10s %6s\n' "app" "launch→render" "(in-app)" "PSS MiB" "RSS MiB" "procs"
  for name in floor app; do
    label=$([ "$name" = app ] && echo "Nätverket${NATVERK_DB:+ (stor databas)}" || echo "Tauri-golv (bench/floor)")
    printf '%-26s %10s ms %9s ms %10.1f %10.1f %6s\n' "$label" \
      "$(column_median "$name" 1)" "$(column_median "$name" 2)" \
      "$(awk -v kb="$(column_median "$name" 3)" 'BEGIN {print kb / 1024}')" \
      "$(awk -v kb="$(column_median "$name" 4)" 'BEGIN {print kb / 1024}')" \
      "$(column_median "$name" 5)"
  done
  ratio() { awk -v a="$(column_median app "$1")" -v f="$(column_median floor "$1")" 'BEGIN {printf "%.2f", a / f}'; }
  printf '\nKvoter app/golv (medianer av %s körningar): start %s (95 %%-intervall %s), PSS %s, RSS %s\n' \
    "$RUNS" "$(ratio 1)" "$(ratio_interval 1)" "$(ratio 3)" "$(ratio 4)"
  # The same ratios run by run: each app run against the floor run of its pair (just before or just
  # after it), which saw the same state of the machine. On a machine whose speed drifts (a shared
  # VM) the spread of these shows how far one ratio of medians can be trusted.
  paired() {
    paste -d ' ' "$WORK/floor.results" "$WORK/app.results" | awk -v c="$1" -v n=5 '$c > 0 {print $(n + c) / $c}' | sort -g |
      awk '{v[NR] = $1} END {
        if (NR == 0) { printf "–"; exit }
        middle = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2f (kvartiler %.2f–%.2f)", middle, v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)]
      }'
  }
  printf 'Parvis (varje körning mot golvets körning i samma par, median av %s kvoter): start %s, PSS %s\n' \
    "$RUNS" "$(paired 1)" "$(paired 3)"
  printf 'Mål med samma inställningar: start ≤ 1.10, PSS ≤ 1.10\n'

  # Where the startup goes: the steps both apps report (ms since main started; Nätverket's page-*
  # steps are ms since its page began loading), medians over the measured runs.
  for name in floor app; do
    printf '\n%s, steg (medianer): ' "$([ "$name" = app ] && echo Nätverket || echo Golvet)"
    for key in $(sed -n 's/^\(startup-[a-z-]*\|page-[a-z0-9-]*\)-ms=.*/\1/p' "$WORK/$name-1/stdout"); do
      printf '%s %s ms · ' "$key" "$(for i in $(seq 1 "$RUNS"); do sed -n "s/^$key-ms=//p" "$WORK/$name-$i/stdout"; done | median)"
    done
  done
  printf '\n'
}

if [ "$WEBKIT_SETTINGS" = both ]; then
  compare equal
  compare own
else
  compare "$WEBKIT_SETTINGS"
fi
