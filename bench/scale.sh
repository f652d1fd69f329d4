#!/usr/bin/env bash
# Real-size benchmark: simulate a tomogram with ground truth (seeded), run the whole pipeline on it with zero manual
# input and no profile (the machine's own resource limits), and print one line
#   scale_wall_s=.. max_task_rss_mb=.. tasks=.. particles_top=.. f1_top=.. results_mb=.. tomogram_mb=..
# from the Nextflow trace and the EVALUATE output of the top-ranked particle set; then the time and peak RSS per
# step (process) from the trace, one line each: step=<PROCESS> tasks=.. sum_s=.. max_s=.. max_rss_mb=..
#
#   bench/scale.sh X,Y,Z [--seed N] [--voxel-size A] [--keep DIR] [-- extra pipeline options]
#
# Without --keep everything is made in a temporary folder and removed at the end. Run it on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
[[ $# -ge 1 && "$1" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || { echo "usage: bench/scale.sh X,Y,Z [--seed N] [--voxel-size A] [--keep DIR] [-- pipeline options]" >&2; exit 2; }
size=$1; shift
seed=11; voxel=10; keep=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seed) seed=$2; shift 2 ;;
        --voxel-size) voxel=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "bench/scale.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
ls "$root"/java/tools/target/picket-tools-*-all.jar >/dev/null 2>&1 || { echo "bench/scale.sh: jars not built: run 'make build'" >&2; exit 2; }
if [[ -n "$keep" ]]; then work=$keep; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
work=$(cd "$work" && pwd)
id="scale_${size//,/x}"
cd "$work"
"$root/bin/picket-tools" simulate --size "$size" --seed "$seed" --voxel-size "$voxel" \
    --out "$id.mrc" --truth "${id}_truth.csv" --threads "$(nproc)" > simulate.log 2>&1
printf 'id,tomogram,truth\n%s,%s,%s\n' "$id" "$work/$id.mrc" "$work/${id}_truth.csv" > samples.csv
t0=$(date +%s.%N)
status=0
"$root/bin/picket-nextflow" run "$root" --input samples.csv --outdir results --trace_report_suffix scale "$@" \
    > nextflow.log 2>&1 || status=$?
wall=$(echo "$(date +%s.%N) - $t0" | bc)
if (( status != 0 )); then echo "bench/scale.sh: the pipeline failed (exit $status): $work/nextflow.log" >&2; tail -5 nextflow.log >&2; exit 1; fi
trace=results/pipeline_info/execution_trace_scale.txt
# the trace's memory columns are human-readable ("1.2 GB", "830.5 MB", "512 KB"); realtime "1m 2s", "850ms"
awk -F'\t' '
    function mb(s,  v, u) { split(s, a, " "); v = a[1] + 0; u = a[2]
        return u == "GB" ? v * 1024 : u == "MB" ? v : u == "KB" ? v / 1024 : u == "TB" ? v * 1048576 : v / 1048576 }
    function secs(s,  n, i, t, p) { t = 0; n = split(s, p, " ")
        for (i = 1; i <= n; i++) { if (p[i] ~ /ms$/) t += p[i] / 1000; else if (p[i] ~ /h$/) t += p[i] * 3600;
                                   else if (p[i] ~ /m$/) t += p[i] * 60; else if (p[i] ~ /s$/) t += p[i] + 0 }
        return t }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["status"] == "COMPLETED" || $c["status"] == "CACHED" {
        p = $c["process"]; sub(/.*:/, "", p); n[p]++; r = mb($c["peak_rss"]); s = secs($c["realtime"])
        sum[p] += s; if (s > mx[p]) mx[p] = s; if (r > rss[p]) rss[p] = r; tasks++; if (r > top) top = r }
    END { printf "%d %.0f\n", tasks, top > "/dev/stderr"
          for (p in n) printf "step=%s tasks=%d sum_s=%.1f max_s=%.1f max_rss_mb=%.0f\n", p, n[p], sum[p], mx[p], rss[p] }
' "$trace" 2> summary.txt | sort > steps.txt
read -r tasks maxrss < summary.txt
top=$(awk -F, 'NR == 2 { print $2 }' "results/$id/${id}_ranking.csv")
particles=$(awk -F, 'NR == 2 { print $6 }' "results/$id/${id}_ranking.csv")
f1=$(sed -n '/"one_to_one"/,/}/s/.*"f1" : \([0-9.eE-]*\).*/\1/p' "results/$id/evaluation/${id}_${top}.eval.json" | head -1)
results_mb=$(du -sm --exclude=pipeline_info results | cut -f1)
tomo_mb=$(( $(stat -c %s "$id.mrc") / 1048576 ))
printf 'scale_wall_s=%.1f max_task_rss_mb=%s tasks=%s particles_top=%s f1_top=%.3f results_mb=%s tomogram_mb=%s size=%s top=%s\n' \
    "$wall" "$maxrss" "$tasks" "$particles" "$f1" "$results_mb" "$tomo_mb" "$size" "$top"
cat steps.txt
