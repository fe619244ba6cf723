#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tcp-teardown-sweep --slurm against a real single-node Slurm on this machine:
# starts munged, slurmctld and slurmd (private configuration, sockets, ports
# and state in a temporary folder; no accounting; no cgroups), submits a sweep
# as a job array of shards plus a dependent merge job, waits for them, and
# checks that the merged runs.csv, summary.csv and transitions.csv equal those
# of a local sweep byte for byte.
#
# Usage: run-slurm-test.sh [BUILD_DIR]        (default: $TCP_TEARDOWN_BUILD_DIR or build)
# Exit: 0 pass, 1 fail, 77 skip (Slurm is not installed and cannot be, or
# cannot start here; the reason is printed).
#
# Needs root (slurmd runs jobs as their user and must be root to do so). If
# the Debian packages slurmctld, slurmd, munge and slurm-client are missing,
# they are installed with apt-get, unless TCP_TEARDOWN_SLURM_INSTALL=0.
set -u

build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
sweep="$(cd "$build" 2>/dev/null && pwd)/tcp-teardown-sweep"
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; status=1; }

[ -x "$sweep" ] || { echo "FAIL: no $sweep: build first"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to start slurmd (run as root, or in CI)"

need=()
for tool in slurmctld slurmd munged sbatch squeue sinfo scancel; do
    command -v "$tool" > /dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" > /dev/null ||
        need+=("$tool")
done
export PATH="$PATH:/usr/sbin"
if [ ${#need[@]} -gt 0 ]; then
    if [ "${TCP_TEARDOWN_SLURM_INSTALL:-1}" = 1 ] && command -v apt-get > /dev/null; then
        echo "installing slurmctld slurmd munge slurm-client (missing: ${need[*]})"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd munge slurm-client \
            > /tmp/tcp-teardown-slurm-apt.log 2>&1 ||
            skip "Slurm is not installed and apt-get install failed (see /tmp/tcp-teardown-slurm-apt.log)"
    else
        skip "Slurm is not installed (missing: ${need[*]}); apt-get install slurmctld slurmd munge slurm-client"
    fi
fi

work=$(mktemp -d /tmp/tcp-teardown-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    if [ -n "${SLURM_CONF:-}" ]; then
        scancel --quiet --user=root > /dev/null 2>&1
    fi
    for pid in "${pids[@]}"; do
        kill "$pid" 2> /dev/null
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2> /dev/null
    done
    [ "${KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

# --- munge, on a private socket with a private key -----------------------
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1 count=1024 status=none
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
munged --force --foreground --socket="$work/munge/socket" --key-file="$work/munge/munge.key" \
    --pid-file="$work/munge/pid" --log-file="$work/munge/log" \
    --seed-file="$work/munge/seed" > "$work/munge/out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/socket" ] && break; sleep 0.1; done
[ -S "$work/munge/socket" ] || skip "munged does not start: $(tail -3 "$work/munge/out" "$work/munge/log" 2> /dev/null)"

# --- slurm.conf for this host only --------------------------------------
host=$(hostname -s)
node=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+ //; s/RealMemory=[0-9]+/RealMemory=1000/')
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/state" "$work/spool" "$work/log"
cat > "$work/slurm.conf" << EOF
ClusterName=tcpteardown
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
PlugStackConfig=$work/plugstack.conf
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
: > "$work/plugstack.conf"
export SLURM_CONF="$work/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" > "$work/log/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 150); do
    state=$(sinfo -h -n "$host" -o %T 2> /dev/null)
    [ "$state" = idle ] && break
    sleep 0.2
done
if [ "$state" != idle ]; then
    echo "--- slurmctld"; tail -5 "$work/log/slurmctld.log" "$work/log/slurmctld.out" 2> /dev/null
    echo "--- slurmd"; tail -5 "$work/log/slurmd.log" "$work/log/slurmd.out" 2> /dev/null
    skip "Slurm does not start on this machine (node state '${state:-none}')"
fi
echo "Slurm $(sinfo -V | cut -d' ' -f2) up on $host: node $state"

# --- the same sweep locally and on Slurm ---------------------------------
status=0
grid=(--variant=four-way,three-way,simultaneous --loss=0,0.2 --msl=1,30 --runs=20 --transitions)
"$sweep" "${grid[@]}" --jobs=2 --quiet --outputDir="$work/local" || fail "local sweep"
out=$("$sweep" "${grid[@]}" --outputDir="$work/cluster" --slurm --shards=3 --submit 2>&1)
echo "$out"
ids=$(sed -n 's/.*array job \([0-9]*\), merge job \([0-9]*\).*/\1,\2/p' <<< "$out")
[ -n "$ids" ] || { fail "no job ids from --submit"; exit 1; }
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$ids" 2> /dev/null)" ] && break
    sleep 0.2
done
[ -z "$(squeue -h -j "$ids" 2> /dev/null)" ] || fail "jobs $ids still queued after 120 s: $(squeue -j "$ids")"

for shard in 0 1 2; do
    [ -f "$work/cluster/slurm/shard-$shard.out" ] || fail "array task $shard left no log"
    [ -f "$work/cluster/shards/$shard/runs.csv" ] || fail "shard $shard wrote no runs.csv"
done
[ -f "$work/cluster/slurm/merge.out" ] || fail "the merge job left no log"
for file in runs.csv summary.csv transitions.csv; do
    if cmp -s "$work/local/$file" "$work/cluster/$file"; then
        echo "ok: merged $file equals the local sweep's ($(($(wc -l < "$work/local/$file") - 1)) rows)"
    else
        fail "merged $file differs from the local sweep's"
    fi
done
if [ $status -ne 0 ]; then
    for log in "$work"/cluster/slurm/*.out; do echo "--- $log"; tail -5 "$log"; done
    echo "--- slurmctld"; tail -20 "$work/log/slurmctld.log"
    echo "--- slurmd"; tail -20 "$work/log/slurmd.log"
    exit 1
fi
echo "PASS: Slurm job array of 3 shards + merge job = local sweep"
exit 0
