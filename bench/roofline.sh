#!/usr/bin/env bash
# Roofline of S1's hot kernels on this machine (issue 16): the peak fused multiply-add throughput of one core and of
# all cores (bench/roofline/peak.c: 12 independent vector FMAs at the widest width -march=native allows, double and
# float), then each kernel's achieved GFLOP/s on one thread (KernelRoofline in java/core's test classes: features
# per mode, KMeans fitting, GMM E-step, GMM M-step covariance, predict per clusterer; synthetic data of the
# pipeline's shapes) and its fraction of the one-core peak of its precision.
#
#   bench/roofline.sh [SECONDS]     (per kernel: a warm-up and a measurement of SECONDS each; default 2)
#
# Prints one line per peak and per kernel, then
#   roofline_peak_double_gflops=.. roofline_peak_float_gflops=.. all_cores_double_gflops=.. all_cores_float_gflops=..
#   kernels=.. kernels_at_half_peak=..
# Needs gcc (Debian: gcc) and the jars (make build); compiles core's test classes with Maven if missing.
# One thread per kernel, as the pipeline runs large tomograms (one CPU per task). Run it on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
secs=${1:-2}
[[ "$secs" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "bench/roofline.sh: SECONDS must be a number, got '$secs'" >&2; exit 2; }
command -v gcc >/dev/null || { echo "bench/roofline.sh: needs gcc (apt-get install gcc)" >&2; exit 2; }
jar=$(ls "$root"/java/tools/target/picket-tools-*-all.jar 2>/dev/null | head -1)
[[ -n "$jar" ]] || { echo "bench/roofline.sh: jars not built: run 'make build'" >&2; exit 2; }
classes=$root/java/core/target/test-classes
if [[ ! -f "$classes/org/picketnf/core/cluster/KernelRoofline.class" ]]; then
    (cd "$root/java" && mvn -B -ntp -q -pl core test-compile) >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -march=native -ffp-contract=fast -o "$tmp/peak" "$here/roofline/peak.c"

# one core, then every core at once (one process each; the all-core figure is their sum)
one=$("$tmp/peak" "$secs")
echo "peak one_core $one"
cores=$(nproc)
for ((i = 0; i < cores; i++)); do "$tmp/peak" "$secs" > "$tmp/all.$i" & done
wait
all_d=$(cat "$tmp"/all.* | sed 's/.*peak_double_gflops=\([0-9.]*\).*/\1/' | awk '{ s += $1 } END { printf "%.1f", s }')
all_f=$(cat "$tmp"/all.* | sed 's/.*peak_float_gflops=\([0-9.]*\).*/\1/' | awk '{ s += $1 } END { printf "%.1f", s }')
echo "peak all_cores($cores) peak_double_gflops=$all_d peak_float_gflops=$all_f"
pd=$(sed 's/.*peak_double_gflops=\([0-9.]*\).*/\1/' <<< "$one")
pf=$(sed 's/.*peak_float_gflops=\([0-9.]*\).*/\1/' <<< "$one")

java --add-modules jdk.incubator.vector -XX:+UseG1GC -Xmx2g -cp "$jar:$classes" org.picketnf.core.cluster.KernelRoofline "$secs" > "$tmp/kernels"
awk -v pd="$pd" -v pf="$pf" '
    /gbytes_per_s=/ { print $0 " (a copy: no arithmetic)"; next }
    /gflops=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                peak = v["precision"] == "float" ? pf : pd; f = v["gflops"] / peak
                printf "%s peak_gflops=%s fraction_of_peak=%.3f\n", $0, peak, f
                n++; if (f >= 0.5) half++ }
    END { printf "roofline_peak_double_gflops=%s roofline_peak_float_gflops=%s ", pd, pf > "/dev/stderr"
          printf "kernels=%d kernels_at_half_peak=%d\n", n, half > "/dev/stderr" }
' "$tmp/kernels" 2> "$tmp/tail"
echo "$(cut -d' ' -f1-2 "$tmp/tail") all_cores_double_gflops=$all_d all_cores_float_gflops=$all_f $(cut -d' ' -f3- "$tmp/tail")"
