#!/usr/bin/env bash
# How much CPU the terminal app itself uses: idle on a lesson, then while the locks lesson's
# paced demo animates, each over 10 s, from /proc/<pid>/stat (utime + stime) in tmux at 80x24.
# Usage: Benchmarks/tui-cpu.sh [path/to/tutor]   (default: the debug build, as `swift run`)
set -euo pipefail
cd "$(dirname "$0")/.."
tutor="$(realpath "${1:-.build/debug/tutor}")"
socket="tutor-cpu-$$"
state="$(mktemp -d)"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$state"' EXIT

# `exec`, so the pane's process is tutor itself.
tmux -L "$socket" new-session -d -s T -x 80 -y 24 \
    "exec env TUTOR_LESSONS='$PWD/Lessons' XDG_STATE_HOME='$state' LANG=C.UTF-8 '$tutor' --lesson locks"
sleep 2
pid="$(tmux -L "$socket" display -p -t T '#{pane_pid}')"
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
per_second="$(getconf CLK_TCK)"
measure() {  # label
    local before after
    before="$(ticks)"; sleep 10; after="$(ticks)"
    awk -v t=$((after - before)) -v hz="$per_second" -v label="$1" \
        'BEGIN { printf "%s: %d ticks in 10 s = %.1f %% of a core\n", label, t, 100 * t / (10 * hz) }'
}
measure "idle on a lesson"
# The lesson's third demo (locked, paced); slowed down so it is still animating after 10 s.
tmux -L "$socket" send-keys -t T d d - - r
sleep 0.5
measure "animating the locks demo"
tmux -L "$socket" send-keys -t T q
