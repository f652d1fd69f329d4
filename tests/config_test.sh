#!/usr/bin/env bash
# Config test: the executor profiles as Nextflow resolves them (`nextflow config -o flat`), and their parameter check.
#   1. -profile slurm, awsbatch, google with the default params: executor, container, docker off, queueSize,
#      submitRateLimit, location...; no profile: none of them leaks into a plain run;
#   2. the same profiles with every executor param set: each param lands in its setting (workDir, queue, region,
#      project, clusterOptions, ...). `nextflow config` takes no --params, and params of a -c file come too late
#      for nextflow.config, so the test's -c file includes nextflow.config, sets the params, then includes
#      conf/<profile>.config, with no -profile (what `nextflow run -profile P --param ...` resolves to);
#   3. `nextflow run -profile awsbatch` / `-profile google` without their required params or with malformed ones:
#      exit non-zero, one message naming each problem, no task, no Java stack trace; --help marks the required ones.
# Prints one closing line "config test: PASS (...)" or "config test: FAIL (...)"; exit 0 / 1. Without a Nextflow it
# prints "config test: SKIPPED" (exit 0), or fails under CI=true. Keeps tests/out/config/ on failure (or KEEP=1).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
test_init config
checked=0
pass_details() { echo "profiles slurm, awsbatch, google, test+slurm and none; $checked settings and messages checked"; }

need_nextflow --or-skip
fresh_out

# bg NAME COMMAND...: run COMMAND in the background into NAME.out / NAME.err / NAME.rc, at most two at a time
# (each is mostly a JVM start-up); collect waits for all of them
bg() {
    local name=$1; shift
    while (( $(jobs -rp | wc -l) >= 2 )); do wait -n; done
    { "$@" > "$name.out" 2> "$name.err"; echo $? > "$name.rc"; } &
}
config() { local name=$1; shift; bg "$name" "$nf" "$@" -o flat; }
# has NAME 'exact line' ...: each line is in NAME.out
has() {
    local name=$1 line; shift
    for line in "$@"; do
        checked=$((checked + 1))
        grep -qxF -- "$line" "$name.out" || fail "$name: no line \"$line\" (got: $(grep -F -- "${line%% = *} = " "$name.out" | head -1))"
    done
}
# lacks NAME 'setting' ...: no line sets it
lacks() {
    local name=$1 key; shift
    for key in "$@"; do
        checked=$((checked + 1))
        grep -qF -- "$key = " "$name.out" && fail "$name: \"$key\" is set: $(grep -F -- "$key = " "$name.out" | head -1)"
    done
}
# params_config NAME PROFILE 'params block': a -c file with these params applied to conf/PROFILE.config
params_config() {
    printf "includeConfig '%s/nextflow.config'\nparams {\n%s\n}\nincludeConfig '%s/conf/%s.config'\n" \
        "$root" "$3" "$root" "$2" > "$1.config"
}
# refused NAME: the run NAME.out was refused with one message, no task, no Java stack trace
refused() {
    local name=$1
    checked=$((checked + 1))
    [[ "$(cat "$name.rc")" != 0 ]] || fail "$name: exit 0"
    grep -q 'no task was started' "$name.out" || fail "$name: no 'no task was started' message"
    grep -q 'Submitted process' "$name.out" && fail "$name: a task was submitted"
    grep -qE 'Exception|^\s+at [a-z]+\.' "$name.out" "$name.err" && fail "$name: a Java stack trace or exception in the output"
}
# want NAME 'text' ...: each text is in NAME.out
want() {
    local name=$1 text; shift
    for text in "$@"; do
        checked=$((checked + 1))
        grep -qF -- "$text" "$name.out" || fail "$name: message lacks \"$text\""
    done
}

# ---- start everything -------------------------------------------------------------------------------------------
# 1. the profiles with the default params
config none       config "$root"
config slurm      config "$root" -profile slurm
config test_slurm config "$root" -profile test,slurm
config awsbatch   config "$root" -profile awsbatch
config google     config "$root" -profile google
# 2. every executor param lands in its setting
params_config slurm_p slurm "slurm_queue = 'short,long'
slurm_cluster_options = '--account=cryoet --qos=normal'
slurm_queue_size = 25
slurm_submit_rate_limit = '5/1min'"
config slurm_p -c slurm_p.config config "$root"
params_config awsbatch_p awsbatch "aws_workdir = 's3://lab-bucket/picket/work'
aws_queue = 'picket-queue'
aws_region = 'eu-west-1'
aws_cli_path = '/home/ec2-user/miniconda/bin/aws'
container = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/picket-nf:0.1.0'"
config awsbatch_p -c awsbatch_p.config config "$root"
params_config google_p google "google_workdir = 'gs://lab-bucket/picket/work'
google_project = 'cryoet-lab-42'
google_location = 'europe-west2'
google_spot = true
container = 'europe-west2-docker.pkg.dev/cryoet-lab-42/images/picket-nf:0.1.0'"
config google_p -c google_p.config config "$root"
# 3. the parameter check of a run: missing and malformed executor params (the google run gets a local work folder:
#    a gs:// one would need the nf-google plugin, which this offline Nextflow lacks)
printf 'id,tomogram\n' > empty.csv
mkdir -p run_awsbatch run_google
bg run_awsbatch bash -c 'cd run_awsbatch && "$@"' - "$nf" run "$root" --input ../empty.csv --outdir results \
    -profile awsbatch --slurm_queue_size 0 --slurm_submit_rate_limit fast --aws_region nowhere
bg run_google bash -c 'cd run_google && "$@"' - "$nf" run "$root" --input ../empty.csv --outdir results \
    -profile google --google_workdir "$out/work_google" --google_project cryoet-lab-42 --google_location mars
bg help "$nf" run "$root" --help
wait
for rc in none slurm test_slurm awsbatch google slurm_p awsbatch_p google_p; do
    [[ "$(cat "$rc.rc")" == 0 ]] || fail "$rc: nextflow config exit $(cat "$rc.rc") ($(tail -1 "$rc.err"))"
done

# ---- 1. the profiles with the default params --------------------------------------------------------------------
lacks none process.executor workDir process.container process.queue executor.queueSize docker.enabled
has slurm "process.executor = 'slurm'" "executor.queueSize = 100" "executor.submitRateLimit = '10/10sec'"
lacks slurm process.queue process.clusterOptions process.container workDir
has test_slurm "process.executor = 'slurm'" "process.resourceLimits = [cpus:2, memory:'6 GB', time:'1h']" \
    "executor.queueSize = 100"
has awsbatch "process.executor = 'awsbatch'" "process.container = 'picket-nf:0.1.0'" "docker.enabled = false"
lacks awsbatch workDir process.queue aws.region aws.batch.cliPath
has google "process.executor = 'google-batch'" "process.container = 'picket-nf:0.1.0'" "docker.enabled = false" \
    "google.location = 'us-central1'" "google.batch.spot = false"
lacks google workDir google.project google.batch.maxSpotAttempts

# ---- 2. every executor param lands in its setting ----------------------------------------------------------------
has slurm_p "process.executor = 'slurm'" "process.queue = 'short,long'" \
    "process.clusterOptions = '--account=cryoet --qos=normal'" "executor.queueSize = 25" "executor.submitRateLimit = '5/1min'"
has awsbatch_p "process.executor = 'awsbatch'" "workDir = 's3://lab-bucket/picket/work'" "process.queue = 'picket-queue'" \
    "aws.region = 'eu-west-1'" "aws.batch.cliPath = '/home/ec2-user/miniconda/bin/aws'" \
    "process.container = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/picket-nf:0.1.0'" "docker.enabled = false"
has google_p "process.executor = 'google-batch'" "workDir = 'gs://lab-bucket/picket/work'" \
    "google.project = 'cryoet-lab-42'" "google.location = 'europe-west2'" "google.batch.spot = true" \
    "google.batch.maxSpotAttempts = 3" "process.container = 'europe-west2-docker.pkg.dev/cryoet-lab-42/images/picket-nf:0.1.0'"

# ---- 3. the parameter check of a run -------------------------------------------------------------------------------
refused run_awsbatch
want run_awsbatch "--aws_workdir is required with -profile awsbatch" "--aws_queue is required with -profile awsbatch" \
    "--slurm_queue_size must be >= 1, got 0" "--slurm_submit_rate_limit must be <jobs>/<period>" \
    "--aws_region must be an AWS region name"
refused run_google
want run_google "--google_workdir must be a Cloud Storage path, gs://bucket[/path], got '$out/work_google'" \
    "--google_location must be a Google Cloud region"
grep -qE -- '^  --aws_workdir +.*\[required with -profile awsbatch\]$' help.out || fail "--help: --aws_workdir not marked required with -profile awsbatch"
grep -qE -- '^  --slurm_submit_rate_limit +.*\[default: 10/10sec\]$' help.out || fail "--help: no --slurm_submit_rate_limit with its default"
checked=$((checked + 2))
grep -q -- '--google_project' run_google.out && fail "run_google: a valid --google_project was reported"
grep -q -- 'required with -profile awsbatch' run_google.out && fail "run_google: awsbatch's params required without -profile awsbatch"


# ---- 4. the README documents every parameter of the schema (its table or text names each as `--name`) -----------------
for name in $(grep -oE '^ {16}"[a-zA-Z0-9_]+": \{' "$root/nextflow_schema.json" | tr -d ' ":{'); do
    grep -qE -- "--${name}\b" "$root/README.md" || fail "README.md does not document --$name (nextflow_schema.json has it)"
    checked=$((checked + 1))
done

finish
