#!/usr/bin/env bash
# tests/backends/slurm-down.sh [DIR]: stop the cluster that tests/backends/slurm-up.sh DIR started, by the PIDs
# in DIR/run (slurmd, slurmctld, munged; TERM, then KILL after 10 s), after cancelling its remaining jobs.
# Leaves DIR (logs) and the packages. Exit 0.
set -uo pipefail
dir=${1:-${PICKET_SLURM_DIR:-/tmp/picket-slurm}}
export SLURM_CONF=$dir/slurm.conf

if [[ -s "$dir/run/slurmctld.pid" ]] && kill -0 "$(cat "$dir/run/slurmctld.pid")" 2>/dev/null; then
    scancel --cluster=picket --full --user="$(id -un)" 2>/dev/null || scancel --full --user="$(id -un)" 2>/dev/null || true
fi
stop() {   # NAME PIDFILE
    local name=$1 pf=$2 pid
    [[ -s "$pf" ]] || return 0
    pid=$(cat "$pf")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then echo "slurm-down: $name (pid $pid) ignored TERM: KILL"; kill -KILL "$pid"; fi
        echo "slurm-down: stopped $name (pid $pid)"
    fi
    rm -f "$pf"
}
stop slurmd    "$dir/run/slurmd.pid"
stop slurmctld "$dir/run/slurmctld.pid"
stop munged    "$dir/run/munged.pid"
exit 0
