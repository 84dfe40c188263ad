#!/bin/bash
# record-trace.sh SCENARIO OUT.csv [DURATION_S] [INTERVAL_S]
#
# Records one of the consequence traces of tests/fixtures/cgroup-traces on a real kernel: a fresh
# cgroup v1 memory group with a limit, one workload in it, the group sampled every INTERVAL_S.
# Needs root and a writable /sys/fs/cgroup/memory. Scenarios:
#   hotreader  limit 64 MiB; writes 160 MiB of files on disk, then reads them round and round, so
#              every pass reads back pages the limit evicted: refaults climb steadily.
#   idlelog    limit 128 MiB; workloads/logwriter.js (appends, reads each new part back twice, as the
#              incident's library does); the cache is reclaimed at the limit but never read again
#              after that: no refaults.
#   oomloop    limit 128 MiB; workloads/leaker.js retaining 4 MiB/s until the kernel OOM-kills it;
#              the recorder restarts it as the kubelet would (back-off 10 s, 20 s, 40 s ...) and
#              counts the restarts.
# Columns: those of sample.sh, then refault_file (total_workingset_refault_file, pages), pgmajfault
# (total_pgmajfault), failcnt (memory.failcnt), oom_kill (memory.oom_control), restarts (kept here)
# and limit (memory.limit_in_bytes).
set -u
SCENARIO=$1; OUT=$2; DUR=${3:-180}; IV=${4:-0.5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CG=/sys/fs/cgroup/memory/memlens-rec-$SCENARIO-$$
MiB=$((1024 * 1024))

# The data must live on a disk filesystem: tmpfs pages are shmem and never refault.
DATA=$(mktemp -d "${MEMLENS_TRACE_DIR:-/var/tmp}/memlens-$SCENARIO-XXXXXX")
if [ "$(stat -f -c %T "$DATA")" = tmpfs ]; then
  echo "record-trace: $DATA is on tmpfs; set MEMLENS_TRACE_DIR to a disk directory" >&2
  exit 2
fi

case $SCENARIO in
  hotreader) LIMIT=$((64 * MiB)) ;;
  idlelog) LIMIT=$((128 * MiB)) ;;
  oomloop) LIMIT=$((128 * MiB)) ;;
  *) echo "record-trace: unknown scenario $SCENARIO" >&2; exit 2 ;;
esac

mkdir "$CG" || exit 3
echo $LIMIT > "$CG/memory.limit_in_bytes"
PID=
cleanup() {
  # Every process the workload started (the hot reader's cat and sleep too), by pid.
  for p in $(cat "$CG/cgroup.procs" 2>/dev/null); do kill "$p" 2>/dev/null; done
  [ -n "$PID" ] && wait "$PID" 2>/dev/null
  sleep 0.2
  rm -rf "$DATA"
  # Emptying the group moves its remaining cache charge to the parent, so rmdir succeeds.
  echo 0 > "$CG/memory.force_empty" 2>/dev/null
  rmdir "$CG" 2>/dev/null
}
trap cleanup EXIT

hotreader() {
  # 10 files × 16 MiB written from inside the group, so their pages (and the shadow entries of
  # their evictions) belong to it. Then passes over all of them, one file every 0.5 s (~32 MiB/s,
  # light on a shared machine): 160 MiB never fits in 64 MiB, so each pass re-reads evicted pages.
  for i in $(seq 0 9); do dd if=/dev/urandom of="$DATA/part$i" bs=1M count=16 status=none; done
  while true; do
    for i in $(seq 0 9); do cat "$DATA/part$i" > /dev/null; sleep 0.5; done
  done
}

# Starts the scenario's workload inside the group, its pid in PID.
start() {
  case $SCENARIO in
    hotreader)
      export -f hotreader; export DATA
      bash -c "echo \$\$ > $CG/cgroup.procs && exec bash -c hotreader" & ;;
    idlelog)
      LOGWRITER_DIR=$DATA LOGWRITER_INTERVAL_MS=100 LOGWRITER_BYTES_PER_TICK=131072 \
        LOGWRITER_FILE_BYTES=$((16 * MiB)) LOGWRITER_FILES=8 \
        bash -c "echo \$\$ > $CG/cgroup.procs && exec node $ROOT/workloads/logwriter.js" >/dev/null & ;;
    oomloop)
      LEAKER_INTERVAL_MS=500 LEAKER_CHUNK_BYTES=$((2 * MiB)) \
        bash -c "echo \$\$ > $CG/cgroup.procs && exec node $ROOT/workloads/leaker.js" >/dev/null 2>&1 & ;;
  esac
  PID=$!
}

echo "t,usage,rss,cache,active_file,inactive_file,active_anon,inactive_anon,kmem,shmem,mapped_file,working_set,refault_file,pgmajfault,failcnt,oom_kill,restarts,limit" > "$OUT"
restarts=0; backoff=10; restart_at=0
sample() {
  local t u k fc ok ws
  t=$(date +%s.%N)
  u=$(cat "$CG/memory.usage_in_bytes"); k=$(cat "$CG/memory.kmem.usage_in_bytes"); fc=$(cat "$CG/memory.failcnt")
  ok=$(awk '$1 == "oom_kill" { print $2 }' "$CG/memory.oom_control")
  eval "$(awk '/^total_(rss|cache|active_file|inactive_file|active_anon|inactive_anon|shmem|mapped_file|workingset_refault_file|pgmajfault) /{sub("total_","",$1); print $1"="$2}' "$CG/memory.stat")"
  ws=$(( u - inactive_file )); [ $ws -lt 0 ] && ws=0
  echo "$t,$u,$rss,$cache,$active_file,$inactive_file,$active_anon,$inactive_anon,$k,$shmem,$mapped_file,$ws,$workingset_refault_file,$pgmajfault,$fc,${ok:-0},$restarts,$LIMIT" >> "$OUT"
}

sample # one row before the start, as in the older traces
start
end=$(( $(date +%s) + DUR ))
while [ "$(date +%s)" -lt $end ]; do
  sleep "$IV"
  if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null; PID=
    restart_at=$(( $(date +%s) + backoff ))
  fi
  if [ -z "$PID" ] && [ "$SCENARIO" = oomloop ] && [ "$(date +%s)" -ge $restart_at ]; then
    restarts=$((restarts + 1)); backoff=$((backoff * 2)); start
  fi
  sample
done
