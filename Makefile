# picket-nf: the two commands are `make demo` and `make test`.
# Everything else is set up by these targets themselves (Maven resolves its dependencies from Maven Central).

SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp -Dstyle.color=never
JAVA_DIR := java
VERSION := $(shell sed -n '/<artifactId>picket-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' $(JAVA_DIR)/pom.xml)
DEMO_DIR ?= demo

# Tests beyond the local pipeline test, in `make test` after it (FAULT_TESTS, then BACKEND_TESTS): each prints a
# closing "<name> test: ..." line that tests/summary.sh counts. Those that start system services run only with
# CI=true or PICKET_TEST_BACKENDS=1 (else they print "<name> test: NOT RUN (...)", counted as skipped). The fault
# tests run local Nextflow runs and break them on purpose (tests/fault_test.sh: a second run in the same launch
# folder, SIGTERM to a task and to Nextflow then -resume, a read-only outdir; tests/diskfull_test.sh, as root only:
# a work folder on a 2 MB tmpfs).
FAULT_TESTS := tests/fault_test.sh tests/diskfull_test.sh
BACKEND_TESTS := tests/failure_summary_test.sh tests/config_test.sh tests/report_browser_test.sh tests/slurm_test.sh tests/docker_test.sh

.PHONY: all build test pipeline-test fault-test backend-test docker-test image demo bench clean check-java help
BASE_IMAGE ?= local/base:bookworm
IMAGE ?= picket-nf:$(VERSION)

all: build

help:
	@echo "make demo   build, run the pipeline (-profile test) on two simulated tomograms, print particle counts and F1"
	@echo "make test   build and run every test (unit, conformance, CLI); prints the test summary"
	@echo "make pipeline-test  run the Nextflow pipeline test only (-profile test, -resume, bad input)"
	@echo "make fault-test     run the fault tests only (second run in one folder, SIGTERM + -resume, read-only outdir, full disk as root)"
	@echo "make backend-test   run the profile tests only (nextflow config of slurm/awsbatch/google; a real SLURM, as root)"
	@echo "make build  build the fat jars only"
	@echo "make image  build the jars, then the Docker image $(IMAGE) FROM $(BASE_IMAGE) (see README: Running in Docker)"
	@echo "make docker-test  the Docker test only (needs CI=true or PICKET_TEST_BACKENDS=1)"
	@echo "make clean  remove build output and demo files"

check-java:
	@command -v java >/dev/null || { echo "make: java not found: install a Java 17 JDK (Debian: openjdk-17-jdk-headless)" >&2; exit 2; }
	@command -v $(MVN) >/dev/null || { echo "make: mvn not found: install Maven 3.8+ (Debian: maven)" >&2; exit 2; }

build: check-java
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) -q package -DskipTests

# All tests. Surefire prints its own summary per module; tests/summary.sh adds one closing line over all of them.
test: check-java
	@bash tests/backends.sh
	set -o pipefail; cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) verify; status=$$?; cd .. ; java=$$status; \
	if [ $$status -eq 0 ]; then bash tests/pipeline_test.sh | tee .pipeline-test.log || status=1; \
	else echo "pipeline test: SKIPPED (the Java tests failed)" > .pipeline-test.log; fi; \
	lines=("$$(tail -1 .pipeline-test.log)"); \
	for t in $(FAULT_TESTS) $(BACKEND_TESTS); do \
	    if [ $$java -eq 0 ]; then bash $$t | tee .pipeline-test.log || status=1; lines+=("$$(tail -1 .pipeline-test.log)"); \
	    else lines+=("$$(basename $$t _test.sh) test: SKIPPED (the Java tests failed)"); fi; \
	done; \
	bash tests/summary.sh $(JAVA_DIR) "$${lines[@]}"; rm -f .pipeline-test.log; exit $$status

# The Nextflow pipeline test alone (tests/pipeline_test.sh: a real `nextflow run -profile test` on the built-in data, -resume,
# PickET YAML input, bad input, retries, glob input, kill -9 and -resume; about 5 min on 2 cores). Skipped with a SKIPPED line when no Nextflow can be found or resolved (fails under CI=true).
pipeline-test: build
	bash tests/pipeline_test.sh

# The fault tests alone (FAULT_TESTS: about 7 min on 2 idle cores, more on a busy machine; the full-disk one needs root
# and prints "diskfull test: NOT RUN (...)" without it).
fault-test: build
	@status=0; for t in $(FAULT_TESTS); do bash $$t || status=1; done; exit $$status

# The profile tests alone (BACKEND_TESTS), the SLURM one included: it installs SLURM and munge with apt when missing
# and starts a private single-node cluster (root; daemons stopped by PID at the end).
backend-test: build
	@status=0; for t in $(BACKEND_TESTS); do PICKET_TEST_BACKENDS=1 bash $$t || status=1; done; exit $$status

# The Docker test alone (tests/docker_test.sh: engine, base image, image, -profile test,docker against a local run,
# the Testcontainers test in java/container-it). Runs only with CI=true or PICKET_TEST_BACKENDS=1.
docker-test: build
	bash tests/docker_test.sh

# The container image: the fat jars (built here), a Java 17 JRE and the launchers, FROM a local base image (no
# registry: tests/backends/docker-up.sh starts an engine and makes local/base:bookworm with debootstrap).
image: build
	@command -v docker >/dev/null || { echo "make: docker not found (tests/backends/docker-up.sh installs docker.io and starts an engine)" >&2; exit 2; }
	@docker image inspect $(BASE_IMAGE) >/dev/null 2>&1 || { echo "make: base image $(BASE_IMAGE) not found: make it with 'bash tests/backends/docker-up.sh' (mmdebstrap + docker import), or give BASE_IMAGE=<a local Debian/Ubuntu image>" >&2; exit 2; }
	docker build --network host --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(IMAGE) .
	@echo "make: image $(IMAGE), $$(( $$(docker image inspect -f '{{.Size}}' $(IMAGE)) / 1000000 )) MB; run the pipeline in it with -profile docker"

# The demo: the whole Nextflow pipeline with -profile test on its built-in data (two simulated 64x64x48 tomograms
# with ground truth), launched from $(DEMO_DIR)/ (its work/ and .nextflow/ stay there); then where the results are
# and each workflow's particle count and F1 from the EVALUATE outputs, and where the exported coordinates (RELION 5,
# Warp, Dynamo, IMOD, copick) of each tomogram's consensus set are. About 1.5 min on 2 cores.
demo: build
	@mkdir -p $(DEMO_DIR)
	@echo "demo: bin/picket-nextflow run . -profile test --outdir $(DEMO_DIR)/results  (log: $(DEMO_DIR)/nextflow.log.txt)"
	@start=$$(date +%s); cd $(DEMO_DIR) && $(CURDIR)/bin/picket-nextflow run $(CURDIR) -profile test --outdir results -resume > nextflow.log.txt 2>&1 \
		|| { tail -30 nextflow.log.txt; echo "demo: FAILED (log: $(DEMO_DIR)/nextflow.log.txt)"; exit 1; }; \
		grep -E '^picket-nf' nextflow.log.txt | sed 's/^/demo: /'; \
		echo "demo: took $$(( $$(date +%s) - start )) s"
	@echo "demo: results in $(DEMO_DIR)/results:"
	@echo "demo:   test_data/sim1.mrc, sim2.mrc (+ _truth.csv)         the simulated tomograms and their particles"
	@echo "demo:   <id>/segmentations/<id>_<mode>_<clusterer>.mrc         S1: 0 background, 1 particles (open over the tomogram in napari, IMOD, ChimeraX)"
	@echo "demo:   <id>/particles/<id>_<mode>_<clusterer>_<method>.*      S2: PickET YAML, CSV, STAR, ndjson; instances/ the labelled particles"
	@echo "demo:   <id>/<id>_ranking.csv, <id>_montage.png               the 12 workflows ranked without truth; QC picture"
	@echo "demo:   report/index.html                                     the report: one row per tomogram, a page each (open it in a browser)"
	@echo "demo:   report.html                                           the run's summary (failures, software versions)"
	@echo "demo:   <id>/evaluation/*.eval.json, pipeline_info/           scores against the truth; Nextflow report, timeline, trace"
	@echo "demo:   <id>/export/<set>_relion5.star, _warp.star, _dynamo.tbl,  coordinates for the tools after picking (every set and the"
	@echo "demo:     _imod.mod, _copick/ExperimentRuns/<id>/Picks/*.json     consensus <id>_consensus): RELION 5, Warp/RELION 3-4, Dynamo, IMOD, copick"
	@bash scripts/demo_table.sh $(DEMO_DIR)/results
	@for d in $(DEMO_DIR)/results/*/export; do [ -d "$$d" ] || continue; id=$$(basename $$(dirname $$d)); \
		echo "demo: the answer of $$id for RELION 5 / Warp / Dynamo / IMOD / copick: $$d/$${id}_consensus_{relion5.star,warp.star,dynamo.tbl,imod.mod,copick/}"; done

clean:
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(DEMO_DIR)
