#!/usr/bin/env bash
# Pipeline test: drives the real `nextflow run` (bin/picket-nextflow) on two simulated 64x64x48 tomograms.
#   1. -profile test without --input (built-in data: SIMULATE makes sim1, sim2 with truth) and 9^3 subtomograms:
#      exit 0, the simulated tomograms equal `picket-tools simulate` run here, every expected file published
#      (2 tomograms x 6 segmentations x 2 methods), every task COMPLETED in the trace, every MRC complete, a
#      subtomogram equal to the box cut here from the tomogram;
#   2. -resume: every task "Cached process", none submitted, trace all CACHED, published files byte-identical;
#   3. PickET's S1 + S2 YAML (--picket_s1/--picket_s2) naming run 1's tomograms, with -resume: every S1 task cached
#      (the same commands as run 1), only the S2 YAML's two segmentations localized, with its z-limits, their
#      particles equal to run 1's; bad YAMLs (and a contradicting samplesheet / option): one message, no task;
#   4. a bad samplesheet and bad params: exit non-zero, one message naming every problem, no task started;
#   5. exit 3 (out of memory) is retried with twice the memory, exit 2 (bad input) is not (tests/retry.config);
#   6. --input as a glob of MRC files, with --stop_after s1 (a -stub-run: wiring only); 7. --help;
#   8. kill -9 the Nextflow JVM (and its tasks) after 12 finished tasks, then -resume: exit 0, finished tasks cached,
#      every published file byte-identical to run 1 (tests/lib/same_results.sh: the provenance JSONs of picket-segment
#      and picket-localize compared without their "timings" block), nothing but result files, every MRC complete.
# Prints one closing line "pipeline test: PASS (...)" or "pipeline test: FAIL (...)"; exit 0 / 1.
# Without a Nextflow (none >= 24.10 on PATH and Maven Central unreachable) it prints "pipeline test: SKIPPED"
# and exits 0, or exits 1 under CI=true. Keeps its folder on failure (or with KEEP=1): tests/out/pipeline/.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/same_results.sh"
test_init pipeline
pass_details() {
    echo "run ${run1_s:-?} s, -resume ${run2_s:-?} s, bad input ${run3_s:-?} s, retries ${run4_s:-?} s, PickET YAML ${yaml_s:-?} s, kill after ${killed_after:-?} tasks + -resume ${kill_s:-?} s (${kc:-?} cached), no profile + bad tomograms ${batch_s:-?} s; $expected_files files checked"
}

need_nextflow --or-skip
need_jars
fresh_out
expected_files=0

# ---- two simulated tomograms with ground truth -------------------------------------------------------------
simulate_tomograms sim

modes=(ffts gabor intensities); clusterers=(kmeans gmm); methods=(connected_component_labeling watershed_segmentation)
# the files EXPORT writes for one particle set NAME of tomogram ID (every format: --export_formats all)
exports() {
    local id=$1 name=$2 f
    for f in relion5.star relion5_tomograms.star warp.star dynamo.tbl imod.mod; do echo "$id/export/${name}_$f"; done
    echo "$id/export/${name}_copick/ExperimentRuns/$id/Picks/picket_0_particle.json"
}
n_tasks=$(pipeline_tasks 2 simulate)

expected() {
    for s in 1 2; do echo "test_data/sim$s.mrc"; echo "test_data/sim${s}_truth.csv"; done
    echo "report.html"; echo "report/index.html"
    for id in sim1 sim2; do
        echo "report/$id.html"; echo "report/${id}_montage.png"; echo "report/${id}_thumb.png"
        echo "$id/${id}_ranking.csv"; echo "$id/${id}_ranking.json"; echo "$id/${id}_montage.png"
        for ext in csv json star yaml ndjson; do echo "$id/${id}_consensus.$ext"; done
        echo "$id/${id}_consensus_candidates.csv"; echo "$id/evaluation/${id}_consensus.eval.json"
        exports "$id" "${id}_consensus"
        for m in "${modes[@]}"; do for c in "${clusterers[@]}"; do
            echo "$id/segmentations/${id}_${m}_${c}.mrc"
            echo "$id/segmentations/${id}_${m}_${c}.json"
            echo "$id/models/${id}_${m}_${c}.model.json"
            for me in "${methods[@]}"; do
                for ext in csv star yaml ndjson json; do echo "$id/particles/${id}_${m}_${c}_${me}.$ext"; done
                echo "$id/instances/${id}_${m}_${c}_${me}_instances.mrc"
                echo "$id/evaluation/${id}_${m}_${c}_${me}.eval.json"
                echo "$id/subtomograms/${id}_${m}_${c}_${me}_subtomos.mrcs"
                exports "$id" "${id}_${m}_${c}_${me}"
            done
        done; done
    done
}
# the published files' sums (tests/lib/same_results.sh: timings and pipeline_info/ aside)
checksums() { result_sums "${1:-results}"; }
trace_of() { ls results/pipeline_info/execution_trace_"$1".txt 2>/dev/null; }
le32() { od -An -t d4 -j "$2" -N 4 --endian=little "$1" | tr -d ' '; }
# an MRC is complete when its size is 1024 + NSYMBT + nx*ny*nz*(bytes of its mode)
mrc_complete() {
    local f=$1 nx ny nz mode ext bytes
    nx=$(le32 "$f" 0); ny=$(le32 "$f" 4); nz=$(le32 "$f" 8); mode=$(le32 "$f" 12); ext=$(le32 "$f" 92)
    case "$mode" in 0) bytes=1 ;; 1|6|12) bytes=2 ;; 2) bytes=4 ;; *) return 1 ;; esac
    [[ -n "$nx" ]] && (( $(stat -c %s "$f") == 1024 + ext + nx * ny * nz * bytes ))
}
# nothing but the expected kinds of files; every MRC complete
check_published() {
    local dir=$1 what=$2 bad
    bad=$(find "$dir" -path "$dir/pipeline_info" -prune -o -type f -print | grep -Ev '\.(mrc|mrcs|json|csv|star|yaml|ndjson|png|html|tbl|mod)$' | head -3)
    [[ -z "$bad" ]] || fail "$what: unexpected files published: $bad"
    local n=0 broken=0
    while read -r f; do n=$((n + 1)); mrc_complete "$f" || { broken=$((broken + 1)); echo "pipeline test: incomplete MRC $f" >&2; }; done \
        < <(find "$dir" -name '*.mrc' -o -name '*.mrcs')
    (( broken == 0 && n > 0 )) || fail "$what: $broken of $n MRC files incomplete"
}

# ---- 1. full run on the built-in test data -------------------------------------------------------------------
box=(--subtomogram_box 9 --subtomogram_stack --save_instances)   # instance labels are opt-in: run 1 checks them too
t0=$(date +%s)
"$nf" run "$root" -profile test --outdir results "${box[@]}" --trace_report_suffix run1 > run1.log 2>&1
rc=$?; run1_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "run exit $rc (see run1.log)"
for s in 1 2; do
    cmp -s results/test_data/sim$s.mrc sim$s.mrc && cmp -s results/test_data/sim${s}_truth.csv sim$s.csv \
        || fail "built-in test data sim$s differs from 'picket-tools simulate --size 64,64,48 --seed $s'"
done
missing=0
while read -r f; do
    expected_files=$((expected_files + 1))
    # an ndjson or a Dynamo table of a particle set without particles is rightly empty; every other file has content
    if [[ "$f" == *.ndjson || "$f" == *.tbl ]]; then [[ -e "results/$f" ]]; else [[ -s "results/$f" ]]; fi \
        || { missing=$((missing + 1)); (( missing <= 5 )) && echo "pipeline test: missing or empty: results/$f" >&2; }
done < <(expected)
(( missing == 0 )) || fail "$missing of $expected_files expected files missing"
n_sets=$(ls results/*/particles/*.csv 2>/dev/null | wc -l)
(( n_sets == 24 )) || fail "particle sets: $n_sets, expected 24 (2 x 6 x 2)"
for f in results/pipeline_info/execution_report_run1.html results/pipeline_info/execution_timeline_run1.html; do
    [[ -s "$f" ]] || fail "no $f"
done
if tr1=$(trace_of run1); then
    done1=$(awk -F'\t' 'NR > 1 && $7 == "COMPLETED"' "$tr1" | wc -l)
    (( done1 == n_tasks )) || fail "trace run1: $done1 COMPLETED tasks, expected $n_tasks"
else
    fail "no trace of run1"
fi
checksums > sums1.txt
check_published results "run 1"
# the answer per tomogram (issue 12): the consensus set, its particle count in the closing line, scored with the truth
for id in sim1 sim2; do
    n_c=$(( $(wc -l < "results/$id/${id}_consensus.csv") - 1 ))
    grep -Eq "\"particles\" : $n_c,?\$" "results/$id/${id}_consensus.json" \
        || fail "consensus: results/$id/${id}_consensus.json does not count the $n_c particles of its CSV"
    grep -q "$id: $n_c particles (F1 " run1.log || fail "consensus: the closing line does not give $id's $n_c particles and F1"
    grep -q '"curve"' "results/$id/evaluation/${id}_consensus.eval.json" \
        || fail "consensus: no precision/recall curve in results/$id/evaluation/${id}_consensus.eval.json"
done
grep -q '<polyline' results/report/sim1.html || fail "consensus: report/sim1.html has no precision/recall curve"
# the report (issue 15): the summary links to the index, which lists sim1 and sim2 with their pages and thumbnails
grep -q '<a href="report/index.html">' results/report.html || fail "report: report.html does not link to report/index.html"
for id in sim1 sim2; do
    grep -q "<a href=\"$id.html\">$id</a>" results/report/index.html || fail "report: report/index.html has no row linking to $id.html"
    grep -q "src=\"${id}_thumb.png\"" results/report/index.html || fail "report: report/index.html has no thumbnail of $id"
    grep -q "src=\"${id}_montage.png\"" "results/report/$id.html" || fail "report: report/$id.html does not show its montage"
    [[ $(grep -c '<rect class="cell"' "results/report/$id.html") == 144 ]] \
        || fail "report: report/$id.html: no 12x12 agreement heat map"
done
grep -q 'base64' results/report.html results/report/*.html && fail "report: a page embeds base64"
grep -q 'report/index.html (open it in a browser' run1.log || fail "report: the closing line does not point at report/index.html"
# coordinates for the tools after picking (issue 13): the consensus set of sim1 in results/sim1/export/ in every
# format; its RELION 5 STAR gives rlnCenteredCoordinateXAngst = (x - nx/2) * voxel size (the header's: the simulated
# tomograms have 1 A, a placeholder, noted in the log and in the STAR) and the confidence as rlnAutopickFigureOfMerit
for f in $(exports sim1 sim1_consensus); do [[ -s "results/$f" ]] || fail "export: no results/$f"; done
"$root/bin/picket-tools" mrcinfo results/test_data/sim1.mrc > sim1_header.json 2>&1 || fail "export: mrcinfo sim1.mrc"
nx=$(sed -n 's/^ *"nx" : \([0-9]*\),.*/\1/p' sim1_header.json)
apix=$(sed -n 's/^ *"voxel_size_A" : \[ *\([^ ,]*\).*/\1/p' sim1_header.json)
star=results/sim1/export/sim1_consensus_relion5.star
if [[ -n "$nx" && -n "$apix" && -s "$star" ]]; then
    # the STAR's rows (after the loop's labels) beside the CSV's rows, in order
    bad=$(awk -v nx="$nx" -v apix="$apix" '
        FNR == NR { if (/^_rln/) { split($0, a, "#"); col[substr(a[1], 2, length(a[1]) - 2)] = a[2] + 0; next }
                    if (NF >= 4 && !/^(#|data_|loop_|_)/) star[++n] = $0; next }
        FNR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        { m++; split(star[m], s, " ")
          want = ($(h["x"]) - nx / 2) * apix; got = s[col["rlnCenteredCoordinateXAngst"]]
          d = want - got; if (d < 0) d = -d
          e = $(h["confidence"]) - s[col["rlnAutopickFigureOfMerit"]]; if (e < 0) e = -e
          if (d > 0.0015 * apix || e > 0.0015 || got == "") { print "row " m ": x " $(h["x"]) " -> " got ", expected " want; bad = 1; exit } }
        END { if (bad) exit; if (m != n) print m " rows in the CSV, " n " in the STAR"; else if (m == 0) print "no particles" }
    ' "$star" FS=, results/sim1/sim1_consensus.csv)
    [[ -z "$bad" ]] || fail "export: $star is not (x - $nx/2) * $apix A of results/sim1/sim1_consensus.csv: $bad"
    if [[ "$apix" == 1 || "$apix" == 1.0 ]]; then
        grep -q 'is a placeholder' "$star" || fail "export: $star does not say that the 1 A voxel size is a placeholder"
        grep -q 'note: .*sim1 (1.0 A)' run1.log || fail "export: no note in run1.log that sim1's 1 A voxel size is a placeholder"
    fi
else
    fail "export: no nx or voxel size in sim1_header.json, or no $star"
fi
"$root/bin/picket-tools" mrcinfo results/sim1/subtomograms/sim1_ffts_kmeans_watershed_segmentation_subtomos.mrcs > mrcinfo.json 2>&1 \
    || fail "picket-tools mrcinfo cannot read a subtomogram stack (see mrcinfo.json)"
# every stack holds 9 sections per particle whose 9^3 box fits in the 64x64x48 tomogram; the first of them is
# the box [c - 4, c + 5) per axis around the rounded centroid, cut here from the tomogram's bytes
for f in results/sim*/particles/*.csv; do
    name=$(basename "$f" .csv); id=${name%%_*}
    inside=$(awk -F, 'NR > 1 { x = sprintf("%.0f", $1) - 4; y = sprintf("%.0f", $2) - 4; z = sprintf("%.0f", $3) - 4;
                               if (x >= 0 && y >= 0 && z >= 0 && x + 9 <= 64 && y + 9 <= 64 && z + 9 <= 48) n++ } END { print n + 0 }' "$f")
    st=results/$id/subtomograms/${name}_subtomos.mrcs
    [[ -f "$st" && "$(le32 "$st" 8)" == $((9 * inside)) ]] || { fail "subtomograms: $st does not hold $inside particles of 9 sections"; break; }
done
set1=results/sim1/particles/sim1_ffts_kmeans_watershed_segmentation.csv
# k = how many particles before it have their box inside (the stack skips the others); centroids at .500 avoided
first=$(awk -F, 'NR > 1 { x = sprintf("%.0f", $1) - 4; y = sprintf("%.0f", $2) - 4; z = sprintf("%.0f", $3) - 4
                          if (!(x >= 0 && y >= 0 && z >= 0 && x + 9 <= 64 && y + 9 <= 64 && z + 9 <= 48)) next
                          if ($1 !~ /\.500$/ && $2 !~ /\.500$/ && $3 !~ /\.500$/) { print k + 0, x, y, z; exit }
                          k++ }' "$set1")
if [[ -n "$first" ]]; then
    read -r k x0 y0 z0 <<< "$first"
    st=results/sim1/subtomograms/sim1_ffts_kmeans_watershed_segmentation_subtomos.mrcs
    hs=$((1024 + $(le32 "$st" 92))); ht=$((1024 + $(le32 sim1.mrc 92)))
    for ((z = z0; z < z0 + 9; z++)); do for ((y = y0; y < y0 + 9; y++)); do
        tail -c +$((ht + 4 * (x0 + 64 * (y + 64 * z)) + 1)) sim1.mrc | head -c 36
    done; done > box_expected.bin
    tail -c +$((hs + k * 9 * 9 * 9 * 4 + 1)) "$st" | head -c $((9 * 9 * 9 * 4)) > box_published.bin
    cmp -s box_expected.bin box_published.bin || fail "subtomograms: particle $((k + 1)) of $st is not the box at ($x0,$y0,$z0) of the tomogram"
else
    fail "subtomograms: no particle of $set1 has a box inside the tomogram"
fi

# ---- 2. -resume: everything cached, same bytes ---------------------------------------------------------------
t0=$(date +%s)
"$nf" run "$root" -profile test --outdir results "${box[@]}" --trace_report_suffix run2 -resume > run2.log 2>&1
rc=$?; run2_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "-resume exit $rc (see run2.log)"
cached=$(grep -c 'Cached process' run2.log); submitted=$(grep -c 'Submitted process' run2.log)
(( cached == n_tasks )) || fail "-resume: $cached 'Cached process' lines, expected $n_tasks"
(( submitted == 0 )) || fail "-resume: $submitted tasks submitted, expected 0"
if tr2=$(trace_of run2); then
    c2=$(awk -F'\t' 'NR > 1 && $7 == "CACHED"' "$tr2" | wc -l); all2=$(awk 'NR > 1' "$tr2" | wc -l)
    (( c2 == n_tasks && all2 == n_tasks )) || fail "trace run2: $c2 CACHED of $all2 rows, expected $n_tasks of $n_tasks"
else
    fail "no trace of run2"
fi
checksums > sums2.txt
same_sums sums1.txt sums2.txt || fail "published files changed on -resume: $same_diff"

# ---- 3. PickET's own YAMLs: the same S1 tasks as run 1; bad ones give one message and start no task -------------
# S1 as PickET's example/s1_params_example.yaml writes it (flow style, trailing commas, YAML 1.1 20_000), naming the
# very tomogram files run 1 worked on (SIMULATE's outputs; ids = file names = sim1, sim2); S2 lists two of the 12
# segmentations, one with z-limits. With -resume (run 1's session), every S1 task must be found in the cache: the
# same inputs and the same commands as run 1; only the two LOCALIZE tasks run (run 1 also cut subtomograms).
cat > s1.yaml <<'EOF'
dataset_name: sim

inputs:
  [
    {
      tomogram: SIM1,
      },
    {
      tomogram: SIM2,
      },
  ]

neighborhood_size: 5
max_num_neighborhoods_for_fitting: 20_000

feature_extraction_params:
  [
    {
      mode: ffts,
      n_fft_subsets: 64,
      },
    {
      mode: gabor,
      num_neighborhoods_subsets: 5,
      num_sinusoids: 10,
      num_parallel_filters: 8,
      num_output_features: 64
      },
    {
      mode: intensities
      }
  ]

clustering_methods: [kmeans,gmm]

output_dir: /data/picket_results/
EOF
cat > s2.yaml <<'EOF'
dataset_name: sim

inputs:
  [
    {
      segmentation: /data/picket_results/sim/segmentation_0_ffts_kmeans.h5,
      particle_cluster_id: 1,
      },
    {
      segmentation: /data/picket_results/sim/segmentation_1_gabor_gmm.h5,
      particle_cluster_id: 1,
      lower_z-slice_limit: 10,
      upper_z-slice_limit: 37
      },
  ]

particle_extraction_params: [
  {mode: connected_component_labeling},
  {mode: watershed_segmentation, min_distance: 8}
]

output_dir: /data/picket_results/
EOF
sim_dir() { awk -F'\t' -v t="$1" '$4 ~ /SIMULATE$/ && $5 == t { print $NF }' results/pipeline_info/execution_trace_run1.txt; }
sed -i -e "s#SIM1#$(sim_dir sim1)/sim1.mrc#" -e "s#SIM2#$(sim_dir sim2)/sim2.mrc#" s1.yaml
t0=$(date +%s)
"$nf" run "$root" -profile test --picket_s1 s1.yaml --picket_s2 s2.yaml --outdir results_yaml --save_instances -resume > run8.log 2>&1
rc=$?; yaml_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "PickET YAML run: exit $rc (see run8.log)"
yc=$(grep -c 'Cached process' run8.log); ys=$(grep -c 'Submitted process > PICKET:LOCALIZE' run8.log)
(( yc == 26 && ys == 2 )) || fail "PickET YAML run: $yc S1 tasks cached, $ys LOCALIZE run; expected the 26 S1 tasks of run 1 cached and 2 LOCALIZE"
same=0
for id in sim1 sim2; do for m in "${modes[@]}"; do for c in "${clusterers[@]}"; do
    for f in "$id/segmentations/${id}_${m}_${c}.mrc" "$id/models/${id}_${m}_${c}.model.json"; do
        cmp -s "results/$f" "results_yaml/$f" && same=$((same + 1)) || echo "pipeline test: differs from run 1: results_yaml/$f" >&2
    done
done; done; done
(( same == 24 )) || fail "PickET YAML run: $same of 24 segmentations and models equal to run 1's"
got=$(cd results_yaml && ls */particles/*.csv 2>/dev/null | tr '\n' ' ')
want="sim1/particles/sim1_ffts_kmeans_connected_component_labeling.csv sim1/particles/sim1_ffts_kmeans_watershed_segmentation.csv sim2/particles/sim2_gabor_gmm_connected_component_labeling.csv sim2/particles/sim2_gabor_gmm_watershed_segmentation.csv "
[[ "$got" == "$want" ]] || fail "PickET YAML run: particle sets '$got', expected the S2 YAML's four"
for me in "${methods[@]}"; do
    # connected components: the YAML's cluster 1 is the one run 1 chose automatically, same outputs; watershed: the
    # YAML's min_distance 8 (run 1 derives its own) reached picket-localize as the user's value
    if [[ $me == connected_component_labeling ]]; then
        for f in particles/sim1_ffts_kmeans_$me.csv particles/sim1_ffts_kmeans_$me.yaml particles/sim1_ffts_kmeans_$me.star \
                 instances/sim1_ffts_kmeans_${me}_instances.mrc; do
            cmp -s "results/sim1/$f" "results_yaml/sim1/$f" || fail "PickET YAML run: sim1/$f differs from run 1"
        done
    else
        prov=results_yaml/sim1/particles/sim1_ffts_kmeans_$me.json
        grep -Eq '"min_distance" : 8,?$' "$prov" && grep -Eq '"min_distance_from" : "user",?$' "$prov" \
            || fail "PickET YAML run: $prov lacks the S2 YAML's min_distance 8"
    fi
    grep -Eq '"chosen_by" : "user",?$' "results_yaml/sim1/particles/sim1_ffts_kmeans_$me.json" \
        || fail "PickET YAML run: the S2 YAML's particle_cluster_id is not recorded as the user's choice"
    # the S2 slab [10, 37] (inclusive) reached picket-localize, and every particle lies in it
    prov=results_yaml/sim2/particles/sim2_gabor_gmm_$me.json
    grep -Eq '"lower_z_inclusive" : 10,?$' "$prov" && grep -Eq '"upper_z_inclusive" : 37,?$' "$prov" \
        || fail "PickET YAML run: $prov lacks the S2 z-limits 10..37"
    awk -F, 'NR > 1 && ($3 < 10 || $3 > 37) { bad = 1 } END { exit bad }' results_yaml/sim2/particles/sim2_gabor_gmm_$me.csv \
        || fail "PickET YAML run: a sim2_gabor_gmm_$me particle lies outside z 10..37"
done
grep -q 'note: --picket_s1 s1.yaml: ffts: n_fft_subsets only batch' run8.log || fail "PickET YAML run: no note on n_fft_subsets"
grep -q 'note: --picket_s2 s2.yaml: 2 of the 12 segmentations are localized' run8.log || fail "PickET YAML run: no note on the S2 subset"

# bad YAMLs, a samplesheet naming other tomograms and a command-line value contradicting the YAML: every problem
# in one message, non-zero exit, no task
cat > bad_s1.yaml <<'EOF'
dataset_name: sim
inputs:
  - {tomogram: sim1.mrc, lower_z-slice_limit: 30, upper_z-slice_limit: 10}
  - {tomogram: nowhere.mrc}
  - {tomogram: sim2.mrc, z_max: 3}
window_size: 5
neighborhood_size: 4
feature_extraction_params:
  - {mode: ffts, n_fft_subsets: 64}
  - {mode: fancy}
  - {mode: gabor, num_sinusoids: 2, num_output_features: 64}
clustering_methods: [kmeans, dbscan]
output_dir: out
EOF
cat > bad_s2.yaml <<'EOF'
dataset_name: other
inputs:
  - {segmentation: x/segmentation_5_ffts_kmeans.h5, particle_cluster_id: 1}
  - {segmentation: x/segmentation_1_ffts_gmm.h5}
  - {segmentation: x/seg.h5, particle_cluster_id: 0}
  - {segmentation: x/segmentation_0_ffts_gmm.h5, particle_cluster_id: 0, lower_z-slice_limit: 20, upper_z-slice_limit: 5}
particle_extraction_params:
  - {mode: connected_component_labeling}
  - {mode: mean_shift_clustering, bandwidth: 3}
  - {mode: watershed_segmentation}
output_dir: out
EOF
cp sim2.mrc sim3.mrc   # the same bytes, another file: not the YAML's
printf 'id,tomogram\nA,sim1.mrc\nC,sim3.mrc\n' > other.csv
work_before=$(find work -mindepth 2 -maxdepth 2 -type d | wc -l)
"$nf" run "$root" -profile test --picket_s1 bad_s1.yaml --input other.csv --outdir results_bad > run9.log 2>&1
rc1=$?
"$nf" run "$root" -profile test --picket_s1 s1.yaml --picket_s2 bad_s2.yaml --neighborhood_size 7 --outdir results_bad > run10.log 2>&1
rc2=$?
(( rc1 != 0 && rc2 != 0 )) || fail "bad YAML: exit $rc1 / $rc2, expected non-zero"
while IFS='|' read -r log want; do
    grep -qF -- "$want" "$log" || fail "bad YAML: $log lacks \"$want\""
done <<'EOF'
run9.log|unknown key 'window_size'
run9.log|inputs[0]: z-limits reversed or empty: lower_z-slice_limit 30 >= upper_z-slice_limit 10
run9.log|inputs[1]: tomogram not found: nowhere.mrc
run9.log|inputs[2]: unknown key 'z_max'
run9.log|neighborhood_size must be an odd integer >= 3, got '4'
run9.log|unknown mode 'fancy'
run9.log|num_output_features 64 is more than the 8 Gabor filters of num_sinusoids 2
run9.log|clustering_methods: unknown 'dbscan'
run9.log|is not in --picket_s1's inputs
run9.log|problems with the parameters, the samplesheet or PickET's YAML; no task was started
run10.log|--neighborhood_size 7 contradicts --picket_s1 s1.yaml, which gives 5
run10.log|dataset_name 'other' is not the S1 file's 'sim'
run10.log|segmentation_5_ffts_kmeans.h5: this run has no tomogram 5
run10.log|inputs[1]: particle_cluster_id missing
run10.log|seg.h5 is not a segmentation this run makes
run10.log|inputs[3]: z-limits reversed
run10.log|mode mean_shift_clustering (undocumented in PickET) is not supported
run10.log|watershed_segmentation needs min_distance
run10.log|no task was started
EOF
grep -q 'Submitted process' run9.log run10.log && fail "bad YAML: a task was submitted"
work_after=$(find work -mindepth 2 -maxdepth 2 -type d | wc -l)
(( work_after == work_before )) || fail "bad YAML: $((work_after - work_before)) new task folders"

# ---- 4. bad samplesheet and params: one message, no task ------------------------------------------------------
printf 'id,tomogram,lower_z,upper_z\ntomoA,sim1.mrc,30,10\ntomoA,sim2.mrc,,\ntomoC,nowhere.mrc,,\n' > bad.csv
work_before=$(find work -mindepth 2 -maxdepth 2 -type d | wc -l)
t0=$(date +%s)
"$nf" run "$root" -profile test --input bad.csv --outdir results_bad --modes ffts,fancy --stop_after s3 \
    --no_such_param 1 --subtomogram_stack --min_distance foo --min_voxels 1.5 --particle_cluster_id x \
    --particle_diameter_A -3 > run3.log 2>&1
rc=$?; run3_s=$(( $(date +%s) - t0 ))
(( rc != 0 )) || fail "bad input: exit 0"
for want in "unknown parameter --no_such_param" "--modes: unknown value 'fancy'" "--stop_after must be one of" \
            "--min_distance must be 'auto' or a positive whole number of voxels, got 'foo'" \
            "--min_voxels must be 'auto', 'off' or a whole number of voxels, got '1.5'" \
            "--particle_cluster_id must be 'auto' or a segmentation value (a whole number), got 'x'" \
            "--particle_diameter_A must be > 0, got -3" \
            "z-limits reversed" "duplicate id 'tomoA'" "tomogram not found: nowhere.mrc" "no task was started" \
            "--subtomogram_stack needs --subtomogram_box"; do
    grep -qF -- "$want" run3.log || fail "bad input: message lacks \"$want\""
done
grep -q 'Submitted process' run3.log && fail "bad input: a task was submitted"
work_after=$(find work -mindepth 2 -maxdepth 2 -type d | wc -l)
(( work_after == work_before )) || fail "bad input: $((work_after - work_before)) new task folders"

# ---- 5. retries: exit 3 (out of memory) is retried with twice the memory, exit 2 (bad input) is not ------------
printf 'id,tomogram\ntomoA,sim1.mrc\n' > one.csv
one=(--input one.csv --modes ffts --clusterers kmeans --methods watershed_segmentation -c "$here/retry.config")
t0=$(date +%s)
"$nf" run "$root" -profile test "${one[@]}" --outdir results_retry --trace_report_suffix retry > run4.log 2>&1
rc=$?
(( rc == 0 )) || fail "retry run: exit $rc (see run4.log)"
if tr4=$(ls results_retry/pipeline_info/execution_trace_retry.txt 2>/dev/null); then
    # process, status, exit, attempt, memory
    got=$(awk -F'\t' '$4 ~ /CLUSTER$/ {print $7, $8, $9, $11}' "$tr4" | sort | tr '\n' ';')
    [[ "$got" == "COMPLETED 0 2 2 GB;FAILED 3 1 1 GB;" ]] || fail "retry run: CLUSTER attempts '$got', expected exit 3 at 1 GB then success at 2 GB"
else
    fail "retry run: no trace"
fi
[[ -s results_retry/tomoA/particles/tomoA_ffts_kmeans_watershed_segmentation.csv ]] || fail "retry run: no particles"
PICKET_RETRY_TEST_BAD_INPUT=1 "$nf" run "$root" -profile test "${one[@]}" --outdir results_retry2 > run5.log 2>&1
rc=$?; run4_s=$(( $(date +%s) - t0 ))
(( rc != 0 )) || fail "bad-option run: exit 0"
grep -q 'Unrecognized option: --no-such-option' run5.log || fail "bad-option run: the tool's message is not shown"
n_pre=$(grep -c 'Submitted process > PICKET:PREPROCESS\|Re-submitted process > PICKET:PREPROCESS' run5.log)
(( n_pre == 1 )) || fail "bad-option run: PREPROCESS started $n_pre times, expected 1 (exit 2 is not retried)"

# ---- 6. --input as a glob of MRC files (stub run: wiring only) ------------------------------------------------
"$nf" run "$root" -profile test --input 'sim*.mrc' --outdir results_glob --stop_after s1 -stub-run > run6.log 2>&1
rc=$?
(( rc == 0 )) || fail "glob input: exit $rc (see run6.log)"
n_glob=$(ls results_glob/sim{1,2}/segmentations/sim?_*.mrc 2>/dev/null | wc -l)
(( n_glob == 12 )) || fail "glob input: $n_glob segmentations, expected 12"
[[ -e results_glob/sim1/particles ]] && fail "glob input: --stop_after s1 still localized"

# ---- 7. --help: the parameters from nextflow_schema.json ----------------------------------------------------
"$nf" run "$root" --help > run7.log 2>&1 || fail "--help: exit non-zero"
for want in --input --modes --max_num_neighborhoods_for_fitting --stop_after; do
    grep -q -- "  $want " run7.log || fail "--help lacks $want"
done

# ---- 8. kill -9 the Nextflow JVM in the middle, then -resume: the same files as run 1 --------------------------
# In its own launch folder, so that -resume can only reuse what the killed run finished.
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
mkdir -p kill && cd kill || exit 1
t0=$(date +%s)
"$nf" run "$root" -profile test --outdir results "${box[@]}" --trace_report_suffix kill > kill1.log 2>&1 &
launcher=$!
# the JVM running nextflow.cli.Launcher: the launcher itself once it execs java (bin/picket-nextflow does), else
# one of its descendants (a nextflow launcher script that starts java as a child)
jvm=""
done_tasks=0
while kill -0 "$launcher" 2>/dev/null; do
    if [[ -z "$jvm" ]]; then
        for p in $launcher $(descendants $launcher); do
            grep -qa 'nextflow.cli.Launcher' /proc/$p/cmdline 2>/dev/null && { jvm=$p; break; }
        done
    fi
    done_tasks=$(find work -name .exitcode 2>/dev/null | wc -l)
    (( done_tasks >= 12 )) && [[ -n "$jvm" ]] && break
    sleep 0.3
done
if [[ -n "$jvm" ]] && kill -0 "$jvm" 2>/dev/null; then
    tasks=$(descendants "$jvm")
    kill -9 "$jvm"
    for p in $tasks; do kill -9 "$p" 2>/dev/null; done   # the machine is gone: its tasks with it
    wait "$launcher" 2>/dev/null
    killed_after=$done_tasks
else
    fail "kill: the run ended before 12 tasks were done (see kill/kill1.log)"
    killed_after=none
fi
"$nf" run "$root" -profile test --outdir results "${box[@]}" --trace_report_suffix resume -resume > kill2.log 2>&1
rc=$?; kill_s=$(( $(date +%s) - t0 ))
(( rc == 0 )) || fail "kill + -resume: exit $rc (see kill/kill2.log)"
kc=$(grep -c 'Cached process' kill2.log); ks=$(grep -c 'Submitted process' kill2.log)
(( kc >= 1 && kc < n_tasks )) || fail "kill + -resume: $kc tasks cached, expected some but not all of $n_tasks"
(( kc + ks == n_tasks )) || fail "kill + -resume: $kc cached + $ks submitted != $n_tasks tasks"
checksums results > ../sums_kill.txt
cd .. || exit 1
same_sums sums1.txt sums_kill.txt || fail "kill + -resume: published files differ from run 1: $same_diff"
check_published kill/results "kill + -resume"

# ---- ext.args (issue 10): the user's extras are appended; the samplesheet's values still reach the tools ----------
# Self-contained (its own folder and work dir). A user config sets ext.args for LOCALIZE and FEATURES; a run on one
# tomogram whose samplesheet gives particle_cluster_id and z-limits must still pass them (built from the meta map
# in each module), with the extra flag last; pipeline_info/picket_software_versions.yml lists each process's tools.
# Then assets/samplesheet.csv, the README's example, runs as it is (-stub-run: wiring only) beside data files made here.
ext_t0=$(date +%s)
mkdir -p extargs/data && cd extargs || exit 1
cat > extargs.config <<'CONFIG'
process {
    withName: LOCALIZE { ext.args = '--skimage 0.25' }
    withName: FEATURES { ext.args = '--threads 1' }
}
CONFIG
printf 'id,tomogram,lower_z,upper_z,particle_cluster_id\ntomoZ,../sim1.mrc,8,40,1\n' > zlim.csv
"$nf" run "$root" -profile test --input zlim.csv --modes intensities --clusterers kmeans --outdir results \
    -c extargs.config --trace_report_suffix extargs > extargs.log 2>&1 || fail "ext.args run: exit non-zero (see extargs/extargs.log)"
# a task's command as one line (continuation lines joined, spaces squeezed), from its work dir in the trace; without
# what Nextflow appends to run the versions' eval outputs
command_of() {
    local dir
    dir=$(awk -F'\t' -v p="$1" '$4 ~ ("(^|:)" p "$") { print $NF }' results/pipeline_info/execution_trace_extargs.txt 2>/dev/null | head -1)
    [[ -n "$dir" && -f "$dir/.command.sh" ]] && sed '/^# capture process environment/,$d; s/\\$//' "$dir/.command.sh" | tr '\n' ' ' | tr -s ' '
}
features_cmd=$(command_of FEATURES); localize_cmd=$(command_of LOCALIZE)
[[ "$features_cmd" == *" --lower-z 8 --upper-z 40 --threads 1 " ]] \
    || fail "ext.args: FEATURES lost the samplesheet's z-limits, or the extra flag is not last: $features_cmd"
[[ "$localize_cmd" == *" --particle-cluster-id 1 --tomo-name tomoZ --lower-z 8 --upper-z 40 --no-instances --skimage 0.25 " ]] \
    || fail "ext.args: LOCALIZE lost the samplesheet's cluster id or z-limits, or the extra flag is not last: $localize_cmd"
prov=results/tomoZ/particles/tomoZ_intensities_kmeans_watershed_segmentation.json
grep -Eq '"chosen_by" : "user",?$' "$prov" && grep -Eq '"lower_z_inclusive" : 8,?$' "$prov" \
    && grep -Eq '"upper_z_inclusive" : 40,?$' "$prov" && grep -Eq '"skimage_rules" : "0.25",?$' "$prov" \
    || fail "ext.args: $prov does not record cluster id 1 (the user's), z 8..40 and --skimage 0.25"
# every process that ran, with its tool's version as the tool prints it; then the Workflow block
versions_want=$(for pt in CLUSTER:picket-cluster CONSENSUS:picket-tools EXPORT:picket-tools FEATURES:picket-features LOCALIZE:picket-localize \
                          PREPROCESS:picket-features RANK:picket-tools SEGMENT:picket-segment; do
    printf '%s:\n  %s: %s\n' "${pt%%:*}" "${pt#*:}" "$("$root/bin/${pt#*:}" --version | sed "s/^${pt#*:} //")"
done)
vfile=results/pipeline_info/picket_software_versions.yml
[[ "$(sed '/^Workflow:$/,$d' "$vfile" 2>/dev/null)" == "$versions_want" ]] \
    || fail "versions: $vfile lists '$(sed '/^Workflow:$/,$d' "$vfile" 2>/dev/null | tr '\n' ' ')', expected '$(tr '\n' ' ' <<< "$versions_want")'"
[[ "$(sed -n '/^Workflow:$/,$p' "$vfile" 2>/dev/null | cut -d: -f1 | tr '\n' ' ')" == "Workflow   Nextflow   Java   picket-nf " ]] \
    || fail "versions: $vfile has no Workflow block with Nextflow, Java and picket-nf"
[[ "$(command_of REPORT)" == *" --versions picket_software_versions.yml "*" in "* ]] \
    || fail "versions: REPORT does not pass --versions picket_software_versions.yml: $(command_of REPORT)"
grep -q 'Software versions' results/report.html || fail "versions: results/report.html has no 'Software versions' section"
grep -q 'tomoZ (1.0 &Aring;)' results/report.html \
    || fail "versions: results/report.html does not note tomoZ's placeholder 1 A voxel size (the log and STAR do)"
cp "$root/assets/samplesheet.csv" . && cp ../sim1.mrc data/tomo1.mrc && cp ../sim1.csv data/tomo1_truth.csv && cp ../sim2.mrc data/tomo2.mrc
"$nf" run "$root" -profile test --input samplesheet.csv --modes intensities --clusterers kmeans --outdir results_sheet \
    -stub-run > sheet.log 2>&1 || fail "assets/samplesheet.csv: exit non-zero (see extargs/sheet.log)"
n_eval=$(ls results_sheet/tomo1/evaluation/*.eval.json 2>/dev/null | wc -l)
n_rank=$(ls results_sheet/tomo*/tomo?_ranking.csv 2>/dev/null | wc -l)
(( n_eval == 3 && n_rank == 2 )) || fail "assets/samplesheet.csv: $n_eval evaluations of tomo1 (expected 3: two sets and the consensus), $n_rank rankings (expected 2)"
cd .. || exit 1
echo "pipeline test: ext.args, versions and assets/samplesheet.csv checked in $(( $(date +%s) - ext_t0 )) s"
# ---- end of ext.args (issue 10) -------------------------------------------------------------------------------------


# ---- 9. the user's own machine and a batch with bad tomograms (issue 11) ------------------------------------------
# (a) no profile at all on this machine (resourceLimits from its cores and memory; requests sized by the tomogram),
#     a samplesheet with a good tomogram (with truth) and one with a NaN: the good one's results all published, the
#     NaN one named in the closing summary, in pipeline_info/picket_failures.tsv and in report.html; exit non-zero;
# (b) a samplesheet with a truncated MRC: listed before any task (the header read), no task started.
batch_t0=$(date +%s)
mkdir -p batch && cd batch || exit 1
python3 - <<'PY'
import struct
b = bytearray(open('../sim2.mrc', 'rb').read())
struct.pack_into('<f', b, 1024 + 4 * 1000, float('nan'))   # one NaN voxel in float32 data
open('nan.mrc', 'wb').write(b)
open('trunc.mrc', 'wb').write(b[:5000])
PY
printf 'id,tomogram,truth\ngood,../sim1.mrc,../sim1.csv\nnan,nan.mrc,\n' > nan.csv
"$nf" run "$root" --input nan.csv --outdir results_nan --modes intensities --clusterers kmeans \
    --trace_report_suffix nan > nan.log 2>&1
rc=$?
(( rc != 0 )) || fail "NaN batch (no profile): exit 0, expected non-zero"
grep -q 'picket-nf: 1 tomogram failed (nan); the others ran to the end' nan.log \
    && grep -q '  - nan: PREPROCESS: .*nan.mrc: input volume contains 1 non-finite values' nan.log \
    || fail "NaN batch: the closing summary does not name nan, its step and the reason (see batch/nan.log)"
[[ "$(cut -f1,2 results_nan/pipeline_info/picket_failures.tsv 2>/dev/null)" == $'nan\tPREPROCESS' ]] \
    || fail "NaN batch: pipeline_info/picket_failures.tsv does not hold the one failure"
grep -q '<h2 id="failed">Failed: 1 tomogram</h2>' results_nan/report.html 2>/dev/null \
    || fail "NaN batch: report.html has no 'Failed' section"
for me in "${methods[@]}"; do
    for ext in csv star yaml ndjson json; do
        [[ -s results_nan/good/particles/good_intensities_kmeans_$me.$ext ]] || fail "NaN batch: good's $me.$ext not published"
    done
    [[ -s results_nan/good/evaluation/good_intensities_kmeans_$me.eval.json ]] || fail "NaN batch: good's $me evaluation not published"
done
[[ -s results_nan/good/good_ranking.csv && -s results_nan/good/good_montage.png ]] || fail "NaN batch: good's ranking/montage not published"
[[ ! -e results_nan/nan && ! -e results_nan/good/instances ]] || fail "NaN batch: results for nan, or instance labels without --save_instances"
# the machine's limits and requests sized by the tomogram (64x64x48: 1 CPU, the 1 GB floor)
if trn=$(ls results_nan/pipeline_info/execution_trace_nan.txt 2>/dev/null); then
    got=$(awk -F'\t' '$4 ~ /:(FEATURES|SEGMENT|LOCALIZE)$/ {print $10, $11}' "$trn" | sort -u | tr '\n' ';')
    [[ "$got" == "1 1 GB;" ]] || fail "NaN batch: FEATURES/SEGMENT/LOCALIZE asked for '$got', expected '1 1 GB' (1 CPU, 1 GB) for a 64x64x48 tomogram"
else
    fail "NaN batch: no trace"
fi
printf 'id,tomogram\ngood,../sim1.mrc\ntrunc,trunc.mrc\n' > trunc.csv
"$nf" run "$root" --input trunc.csv --outdir results_trunc > trunc.log 2>&1
rc=$?
(( rc != 0 )) || fail "truncated MRC: exit 0"
grep -q 'trunc.mrc: truncated: header says 64x64x48 float32' trunc.log && grep -q 'no task was started' trunc.log \
    || fail "truncated MRC: not listed in the one message before any task (see batch/trunc.log)"
grep -q 'Submitted process' trunc.log && fail "truncated MRC: a task was submitted"
cd .. || exit 1
batch_s=$(( $(date +%s) - batch_t0 ))
echo "pipeline test: no profile, NaN batch and truncated MRC checked in $batch_s s"
# ---- end of 9 -------------------------------------------------------------------------------------------------------

finish
