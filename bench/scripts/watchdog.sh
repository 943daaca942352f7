#!/bin/sh
# watchdog.sh PID ROOT — once process PID is gone, stop what the benchmark run left under ROOT
# (servers whose pids are in ROOT/pids/*, Dovecot instances ROOT/*/dovecot.conf) and remove ROOT.
# A run cleans up after itself, even on Ctrl-C; this covers a run killed outright (SIGKILL, a
# closed terminal). Started in its own session by the run, and stopped by it at the end.
here=$(cd "$(dirname "$0")" && pwd)
parent=$1
root=$2
[ -n "$parent" ] && [ -d "$root" ] || { echo "usage: watchdog.sh PID ROOT" >&2; exit 2; }
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -d "$root" ] || exit 0
for f in "$root"/pids/*; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null; done
for conf in "$root"/*/dovecot.conf; do
  [ -f "$conf" ] && "$here/../ref/dovecot.sh" stop "$(dirname "$conf")" >/dev/null 2>&1
done
sleep 2
for f in "$root"/pids/*; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done
rm -rf "$root"
