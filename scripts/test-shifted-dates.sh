#!/usr/bin/env bash
# Tests pass on any day: runs the suites that involve dates again under a shifted system clock
# (Debian's libfaketime), at a leap day, across the spring DST change in Europe/Ljubljana, and a
# year ahead of today. Each clock starts at the given time and runs on from there.
#   bash scripts/test-shifted-dates.sh                 # all three
#   bash scripts/test-shifted-dates.sh '2028-02-29 10:00:00' [vitest filters…]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg -s libfaketime >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq libfaketime
fi
# The multi-threaded build: Node's worker threads read the clock as well.
lib=$(dpkg -L libfaketime | grep -m1 '/libfaketimeMT\.so\.1$')

# The next spring change in Ljubljana: the last Sunday of March, 02:00 CET = 01:00 UTC. The run
# starts two minutes before it, so the change happens while the tests run.
spring_change() {
  local year
  year=$(date -u +%Y)
  for y in "$year" $((year + 1)); do
    local last_sunday
    last_sunday=$(date -u -d "$y-03-31 -$(date -u -d "$y-03-31" +%w) days" +%F)
    if [[ "$last_sunday" > "$(date -u +%F)" ]]; then echo "$last_sunday 00:58:00"; return; fi
  done
}

# Everything but the synthesised stack (it reads no clock) and the browser test (Chromium
# runs its own sandboxed processes; the status page it renders is covered by status-page.test.ts).
suites=(test/domain test/store test/jobs test/api test/local)
exclude=(--exclude test/api/status-page-browser.test.ts)

if [ $# -gt 0 ]; then
  starts=("$1"); shift
  [ $# -gt 0 ] && suites=("$@")
else
  starts=('2028-02-29 10:00:00' "$(spring_change)" "$(date -u -d '+1 year' '+%F %T')")
fi

for start in "${starts[@]}"; do
  echo "== the date suites with the system clock at $start UTC =="
  began=$SECONDS
  TZ=UTC LD_PRELOAD="$lib" FAKETIME="@$start" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    npx vitest run "${suites[@]}" "${exclude[@]}"
  echo "== $start: $((SECONDS - began)) s =="
done
