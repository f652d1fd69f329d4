# picket-nf: the two commands are `make demo` and `make test`.
# Everything else is set up by these targets themselves (Maven resolves its dependencies from Maven Central).

SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp -Dstyle.color=never
JAVA_DIR := java
VERSION := $(shell sed -n '/<artifactId>picket-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' $(JAVA_DIR)/pom.xml)
DEMO_DIR ?= demo
DEMO_SIZE ?= 128,128,64
DEMO_SEED ?= 7
DEMO_MIN_DISTANCE ?= 8
BASE_IMAGE ?= local/base:bookworm
IMAGE ?= picket-nf:$(VERSION)

.PHONY: all build test pipeline-test docker-test image demo bench clean check-java help

all: build

help:
	@echo "make demo   build, simulate a small tomogram with ground truth, print its header"
	@echo "make test   build and run every test (unit, conformance, CLI); prints the test summary"
	@echo "make pipeline-test  run the Nextflow pipeline test only (-profile test, -resume, bad input)"
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
	set -o pipefail; cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) verify; status=$$?; java_status=$$status; cd .. ; \
	if [ $$java_status -eq 0 ]; then bash tests/pipeline_test.sh | tee .pipeline-test.log || status=1; \
	else echo "pipeline test: SKIPPED (the Java tests failed)" > .pipeline-test.log; fi; \
	if [ $$java_status -eq 0 ]; then bash tests/docker_test.sh | tee .docker-test.log || status=1; \
	else echo "docker test: SKIPPED (the Java tests failed)" > .docker-test.log; fi; \
	bash tests/summary.sh $(JAVA_DIR) "$$(tail -1 .pipeline-test.log)" "$$(tail -1 .docker-test.log)"; \
	rm -f .pipeline-test.log .docker-test.log; exit $$status

# The Nextflow pipeline test alone (tests/pipeline_test.sh: a real `nextflow run -profile test`, -resume, bad input, retries, glob input;
# about 2 min on 2 cores). Skipped with a SKIPPED line when no Nextflow can be found or resolved (fails under CI=true).
pipeline-test: build
	bash tests/pipeline_test.sh

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

# The demo: a simulated tomogram with ground truth, then PickET's stage 1 on it (six segmentations).
demo: build
	@mkdir -p $(DEMO_DIR)/s1
	bin/picket-tools simulate --size $(DEMO_SIZE) --seed $(DEMO_SEED) --out $(DEMO_DIR)/sim.mrc --truth $(DEMO_DIR)/sim_truth.csv
	bin/picket-tools mrcinfo $(DEMO_DIR)/sim.mrc
	@echo "demo: tomogram $(DEMO_DIR)/sim.mrc, ground truth $(DEMO_DIR)/sim_truth.csv ($$(($$(wc -l < $(DEMO_DIR)/sim_truth.csv) - 1)) particles)"
	bash bench/s1.sh --defaults --keep $(DEMO_DIR)/s1 $(DEMO_DIR)/sim.mrc 2> $(DEMO_DIR)/s1/log.txt || { cat $(DEMO_DIR)/s1/log.txt; exit 1; }
	@for f in $(DEMO_DIR)/s1/seg_*.json; do python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); c=p["clusters"]["1"]; print("demo: %-22s particle cluster: %7d voxels (%.1f%%), mean density %+.3f vs background %+.3f" % (p["feature_mode"]+" "+p["clustering_method"], c["voxels"], 100*c["fraction_of_interior"], c["mean_tomogram"], p["clusters"]["0"]["mean_tomogram"]))' $$f 2>/dev/null || echo "demo: $$f"; done
	@echo "demo: segmentations (int8 MRC, 0 background / 1 particles) in $(DEMO_DIR)/s1/seg_*.mrc; open them over $(DEMO_DIR)/sim.mrc in napari, IMOD or ChimeraX"
	@mkdir -p $(DEMO_DIR)/s2
	bin/picket-localize $$(for s in $(DEMO_DIR)/s1/seg_*.mrc; do printf -- '--segmentation %s ' $$s; done) --method both --min-distance $(DEMO_MIN_DISTANCE) --min-voxels 20 --out-dir $(DEMO_DIR)/s2 2> $(DEMO_DIR)/s2/log.txt || { cat $(DEMO_DIR)/s2/log.txt; exit 1; }
	@for f in $(DEMO_DIR)/s2/seg_*.csv; do bin/picket-tools evaluate --truth $(DEMO_DIR)/sim_truth.csv --pred $$f --threshold-voxels 5 > $${f%.csv}.eval.json && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); o=d["one_to_one"]; print("demo: %-55s %5d particles  P %.3f  R %.3f  F1 %.3f (one-to-one, 5 voxels)" % (sys.argv[2], d["n_pred"], o["precision"], o["recall"], o["f1"]))' $${f%.csv}.eval.json $$(basename $${f%.csv}) 2>/dev/null || echo "demo: scores in $${f%.csv}.eval.json"; done

clean:
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(DEMO_DIR)
