#!/usr/bin/env bash
# Failure summary test: the closing message of a run in which tools refused tomograms (failureSummary of
# subworkflows/local/utils_picket_pipeline/main.nf), evaluated with Groovy on hand-made lines of
# pipeline_info/picket_failures.tsv and compared with the message written out here:
#   1 of 2 failed            "1 tomogram failed (b); the others ran to the end (see report.html):"
#   2 of 3 failed            "2 tomograms failed (a, c); the others ran to the end (see report.html):"
#   2 of 2 failed            "all 2 tomograms failed (a, b); none ran to the end; report.html, if written, ..."
#   the only one failed      "the run's only tomogram failed (a); report.html, if written, ..."
#   --stop_after s1          the same without report.html (that run makes none)
# Groovy: the bundled Nextflow's (nextflow/target/lib) or the one Maven fetched for it (~/.m2); without either it
# prints "failure_summary test: SKIPPED". Prints "failure_summary test: PASS|FAIL (...)"; exit 0 / 1.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
test_init failure_summary
checked=0
pass_details() { echo "$checked messages checked"; }

jar=$(ls "$root"/nextflow/target/lib/groovy-4*.jar "$HOME"/.m2/repository/org/apache/groovy/groovy/4*/groovy-4*.jar \
    2>/dev/null | grep -v -e sources -e javadoc | head -1)
if [[ -z "$jar" ]]; then
    echo "failure_summary test: SKIPPED (no Groovy jar: run 'bin/picket-nextflow --which' once to fetch the bundled Nextflow)"
    exit 0
fi
fresh_out

# the function as the pipeline has it (from "def failureSummary" to the closing brace at the line start)
awk '/^def failureSummary\(/ {on=1} on {print} on && /^}/ {exit}' \
    "$root/subworkflows/local/utils_picket_pipeline/main.nf" > summary.groovy
grep -q '^def failureSummary' summary.groovy || abort "no 'def failureSummary' in utils_picket_pipeline/main.nf"
cat >> summary.groovy <<'GROOVY'

def t = '\t'
def cases = [
    'some1':  [["b${t}PREPROCESS${t}b.mrc: input volume contains 1 non-finite values"], 2, true],
    'some2':  [["a${t}PREPROCESS${t}bad", "c${t}EXPORT${t}no space", "c${t}RANK${t}other"], 3, true],
    'all':    [["a${t}PREPROCESS${t}bad", "b${t}SEGMENT${t}worse", ""], 2, true],
    'only':   [["a${t}PREPROCESS${t}bad"], 1, true],
    'only_s1': [["a${t}PREPROCESS${t}bad"], 1, false],
    'some_s1': [["b${t}FEATURES${t}bad"], 2, false],
]
cases.each { name, c -> new File("${name}.txt").text = failureSummary(c[0].collect { it.toString() }, c[1], c[2]) + '\n' }
GROOVY
cat > Run.java <<'JAVA'
public class Run {
    public static void main(String[] a) throws Exception {
        new groovy.lang.GroovyShell().evaluate(new java.io.File(a[0]));
    }
}
JAVA
java -cp "$jar" Run.java summary.groovy > groovy.log 2>&1 || abort "Groovy failed: $(head -3 groovy.log | tr '\n' ' ')"

# want NAME: NAME.txt is exactly the text on stdin
want() {
    checked=$((checked + 1))
    diff -u - "$1.txt" > "$1.diff" || fail "$1: the message differs (see $out/$1.diff)"
}
want some1 <<'TXT'
picket-nf: 1 tomogram failed (b); the others ran to the end (see report.html):
  - b: PREPROCESS: b.mrc: input volume contains 1 non-finite values
TXT
want some2 <<'TXT'
picket-nf: 2 tomograms failed (a, c); the others ran to the end (see report.html):
  - a: PREPROCESS: bad
  - c: EXPORT: no space
  - c: RANK: other
TXT
want all <<'TXT'
picket-nf: all 2 tomograms failed (a, b); none ran to the end; report.html, if written, shows how far each got:
  - a: PREPROCESS: bad
  - b: SEGMENT: worse
TXT
want only <<'TXT'
picket-nf: the run's only tomogram failed (a); report.html, if written, shows how far it got:
  - a: PREPROCESS: bad
TXT
want only_s1 <<'TXT'
picket-nf: the run's only tomogram failed (a):
  - a: PREPROCESS: bad
TXT
want some_s1 <<'TXT'
picket-nf: 1 tomogram failed (b); the others ran to the end:
  - b: FEATURES: bad
TXT
finish
