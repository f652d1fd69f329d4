# picket-nf: the two commands are `make demo` and `make test`.
# Everything else is set up by these targets themselves (Maven resolves its dependencies from Maven Central).

SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp -Dstyle.color=never
JAVA_DIR := java
VERSION := $(shell sed -n 's:.*<version>\(.*\)</version>.*:\1:p' $(JAVA_DIR)/pom.xml | sed -n 2p)
DEMO_DIR ?= demo
DEMO_SIZE ?= 128,128,64
DEMO_SEED ?= 7

.PHONY: all build test demo bench clean check-java help

all: build

help:
	@echo "make demo   build, simulate a small tomogram with ground truth, print its header"
	@echo "make test   build and run every test (unit, conformance, CLI); prints the test summary"
	@echo "make build  build the fat jars only"
	@echo "make clean  remove build output and demo files"

check-java:
	@command -v java >/dev/null || { echo "make: java not found: install a Java 17 JDK (Debian: openjdk-17-jdk-headless)" >&2; exit 2; }
	@command -v $(MVN) >/dev/null || { echo "make: mvn not found: install Maven 3.8+ (Debian: maven)" >&2; exit 2; }

build: check-java
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) -q package -DskipTests

# All tests. Surefire prints its own summary per module; tests/summary.sh adds one closing line over all of them.
test: check-java
	@bash tests/backends.sh
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) verify; status=$$?; cd .. ; bash tests/summary.sh $(JAVA_DIR); exit $$status

demo: build
	@mkdir -p $(DEMO_DIR)
	bin/picket-tools simulate --size $(DEMO_SIZE) --seed $(DEMO_SEED) --out $(DEMO_DIR)/sim.mrc --truth $(DEMO_DIR)/sim_truth.csv
	bin/picket-tools mrcinfo $(DEMO_DIR)/sim.mrc
	@echo "demo: tomogram $(DEMO_DIR)/sim.mrc, ground truth $(DEMO_DIR)/sim_truth.csv ($$(($$(wc -l < $(DEMO_DIR)/sim_truth.csv) - 1)) particles)"

clean:
	cd $(JAVA_DIR) && $(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(DEMO_DIR)
