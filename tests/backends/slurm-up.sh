#!/usr/bin/env bash
# tests/backends/slurm-up.sh [DIR]: start a private single-node SLURM cluster on this machine, for the SLURM
# profile test (tests/slurm_test.sh). Needs root (slurmd starts the jobs; apt installs the packages).
#
# Everything lives under DIR (default $PICKET_SLURM_DIR or /tmp/picket-slurm): slurm.conf, its own munge key
# and socket, controller state, logs, pid files, and the completed-jobs file log/jobcomp.txt. Nothing under
# /etc is written, so a real SLURM or munge on the machine is left alone: clients find this cluster through
# SLURM_CONF=DIR/slurm.conf (`source DIR/env`), and the daemons listen on ports 16817/16818
# (PICKET_SLURM_PORTS=ctld,slurmd to change them).
# Installs Debian's slurmctld, slurmd, slurm-client and munge when they are missing (apt-get, no service start).
# Daemons: munged, slurmctld, slurmd; tests/backends/slurm-down.sh DIR stops them by the PIDs in DIR/run.
# Exit 0 once the node is idle (about 5 s when installed); otherwise the reason on stderr, with the daemons'
# last log lines, and exit 1 (daemons already started are left for slurm-down.sh).
set -euo pipefail

dir=${1:-${PICKET_SLURM_DIR:-/tmp/picket-slurm}}
ports=${PICKET_SLURM_PORTS:-16817,16818}
ctld_port=${ports%,*}; slurmd_port=${ports#*,}
wait_s=${PICKET_SLURM_WAIT:-60}   # seconds for the daemons to come up
t0=$(date +%s.%N)
say() { printf 'slurm-up: [%5.1f s] %s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" "$*"; }
die() { echo "slurm-up: $*" >&2; exit 1; }
alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
logs() { local f; for f in "$dir"/log/*.log; do [[ -s "$f" ]] && { echo "--- last lines of $f"; tail -15 "$f"; }; done >&2; }

(( $(id -u) == 0 )) || die "needs root (slurmd starts the jobs, apt-get installs the packages); running as $(id -un)"

# ---- 1. packages -------------------------------------------------------------------------------------------
need=()
for b in /usr/sbin/slurmctld:slurmctld /usr/sbin/slurmd:slurmd /usr/bin/sbatch:slurm-client /usr/sbin/munged:munge; do
    [[ -x "${b%%:*}" ]] || need+=("${b##*:}")
done
if (( ${#need[@]} )); then
    command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get to install them"
    say "installing ${need[*]} (apt-get)"
    made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then   # no init system: keep the packages from starting services
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    ok=1
    apt-get update -qq > "/tmp/picket-slurm-apt.log" 2>&1 &&
        apt-get install -y -qq --no-install-recommends "${need[@]}" >> "/tmp/picket-slurm-apt.log" 2>&1 || ok=0
    (( made_policy )) && rm -f /usr/sbin/policy-rc.d
    (( ok )) || { tail -5 /tmp/picket-slurm-apt.log >&2; die "apt-get install ${need[*]} failed (log: /tmp/picket-slurm-apt.log)"; }
fi
say "SLURM $(slurmctld -V | awk '{print $2}'), munge $(munged -V 2>&1 | awk '{print $1}' | sed 's/munge-//')"

# ---- 2. free ports (bash connects to a listening port: then something else holds it) -------------------------------
for port in "$ctld_port" "$slurmd_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port on 127.0.0.1 is in use by another program (set PICKET_SLURM_PORTS=ctld,slurmd to other ports)"
    fi
done

# ---- 3. a fresh state folder (daemons of an earlier run from this folder are stopped first) ---------------------
if [[ -d "$dir/run" ]]; then "$(dirname "$0")/slurm-down.sh" "$dir" > /dev/null; fi
rm -rf "$dir"
mkdir -p "$dir"/{log,run,spool/ctld,spool/d,munge-key}
chmod 755 "$dir" "$dir/run"
chmod 700 "$dir/munge-key"

# ---- 4. munged with its own key and socket -----------------------------------------------------------------
dd if=/dev/urandom of="$dir/munge-key/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge-key/munge.key"
socket=$dir/run/munge.socket
munged --force --socket="$socket" --key-file="$dir/munge-key/munge.key" --log-file="$dir/log/munged.log" \
       --pid-file="$dir/run/munged.pid" --seed-file="$dir/munge-key/munged.seed" \
    || { logs; die "munged did not start"; }
for _ in $(seq 50); do alive "$dir/run/munged.pid" && [[ -S "$socket" ]] && break; sleep 0.1; done
munge -S "$socket" -n | unmunge -S "$socket" > /dev/null || { logs; die "munge credential round trip failed"; }
say "munged up (pid $(cat "$dir/run/munged.pid"))"

# ---- 5. slurm.conf ------------------------------------------------------------------------------------------
node=$(hostname -s)
cpus=$(nproc)
mem=$(free -m | awk '/^Mem:/ { print $2 }')   # MiB, as slurmd detects it
cat > "$dir/slurm.conf" <<CONF
# written by tests/backends/slurm-up.sh: a private single-node cluster for tests
ClusterName=picket
SlurmctldHost=${node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${socket}
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
StateSaveLocation=${dir}/spool/ctld
SlurmdSpoolDir=${dir}/spool/d
SlurmctldPidFile=${dir}/run/slurmctld.pid
SlurmdPidFile=${dir}/run/slurmd.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups: processes tracked through /proc, no binding
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# every finished job gets a line here (JobId=, JobName=, JobState=, ...)
JobCompType=jobcomp/filetxt
JobCompLoc=${dir}/log/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$(( mem / cpus ))
MpiDefault=none
SlurmdParameters=config_overrides
MailProg=/bin/true
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=${node} NodeAddr=127.0.0.1 NodeHostname=${node} CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
CONF
echo "export SLURM_CONF=$dir/slurm.conf" > "$dir/env"
export SLURM_CONF=$dir/slurm.conf
say "slurm.conf: node $node, $cpus CPUs, $mem MiB, ports $ctld_port/$slurmd_port"

# ---- 6. slurmctld, slurmd (each client call bounded by `timeout`, each wait by a deadline) -------------------------
deadline=$(( $(date +%s) + wait_s ))
/usr/sbin/slurmctld -i || { logs; die "slurmctld did not start"; }
up=0
while (( $(date +%s) < deadline )); do
    timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP' && { up=1; break; }
    sleep 0.5; alive "$dir/run/slurmctld.pid" || break
done
(( up )) || { logs; die "slurmctld $(alive "$dir/run/slurmctld.pid" && echo 'does not answer scontrol ping' || echo 'exited')"; }
say "slurmctld up (pid $(cat "$dir/run/slurmctld.pid"))"
/usr/sbin/slurmd || { logs; die "slurmd did not start"; }
state=
i=0
while (( $(date +%s) < deadline )); do
    state=$(timeout 5 sinfo -h -n "$node" -o %T 2>/dev/null | head -1)
    case "$state" in
        idle|mixed|allocated|completing) break ;;
        down*|drain*|fail*) (( i++ % 10 == 0 )) && timeout 5 scontrol update NodeName="$node" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 0.2
done
case "$state" in
    idle|mixed|allocated|completing) ;;
    *) timeout 5 scontrol show node "$node" >&2 || true; logs
       die "node $node not ready after $wait_s s (state '${state:-none}'$(alive "$dir/run/slurmd.pid" || echo ', slurmd exited'))" ;;
esac
say "slurmd up (pid $(cat "$dir/run/slurmd.pid")), node $node $state; source $dir/env to use it"
