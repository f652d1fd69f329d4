#!/usr/bin/env bash
# Report browser test: the report (report/index.html and a tomogram's page) as a user's browser shows it, in headless
# Chromium (Debian's `chromium`, installed with apt-get if missing). Inputs: tests/lib/report_inputs.sh's synthetic
# results of 12 tomograms (tomo1..tomo12: natural order differs from string order; tomo3 has few particles, tomo7's
# workflows disagree), reported with bin/picket-tools report. Checks, at a 1280 px wide window:
#   1. index.html, tomo1.html and tomo10.html render with no horizontal overflow (document scrollWidth <= 1280);
#   2. every <img> of them decodes in the browser (naturalWidth > 0) and every <img src>/<a href> of every page is
#      an existing file (relative to the page);
#   3. the index lists tomo1, tomo2, ..., tomo12 in that order; a click on "particles" sorts the rows by it, a click
#      on "tomogram" brings the natural order back;
#   4. screenshots of the index and of tomo1.html are written (non-empty PNGs).
# The checks run in a copy of each page (<page>.check.html, same folder) with a small script (picket-check.js) added
# that writes the measurements into the DOM, which --dump-dom prints; the screenshots are of the pages themselves.
# Runs only with CI=true or PICKET_TEST_BACKENDS=1 (it installs a package); otherwise "report_browser test: NOT RUN
# (...)". "NOT RUN" too, with the reason, when chromium cannot be installed or cannot start. Screenshots are kept in
# $REPORT_BROWSER_SHOTS (default tests/out/report_browser_screenshots/); the rest of tests/out/report_browser/ is
# removed on PASS (KEEP=1 keeps it). Closing line "report_browser test: PASS (N s: ...)" or "... FAIL (...)".
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
test_init report_browser
checked=0
pass_details() { echo "12 tomograms, index + 2 pages at 1280 px: no overflow, $checked checks; screenshots in $shots"; }
shots=${REPORT_BROWSER_SHOTS:-$here/out/report_browser_screenshots}

require_backends "set PICKET_TEST_BACKENDS=1 or CI=true to run it: it installs Debian's chromium with apt-get if missing"
need_jars

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    echo "report_browser test: installing chromium (apt-get)"
    log=$(mktemp)
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; } \
            > "$log" 2>&1; then
        echo "report_browser test: NOT RUN (chromium could not be installed: $(tail -1 "$log"))"
        rm -f "$log"
        exit 0
    fi
    rm -f "$log"
    browser=$(command -v chromium || true)
    [[ -n "$browser" ]] || { echo "report_browser test: NOT RUN (apt-get installed chromium but there is no 'chromium' command)"; exit 0; }
fi

fresh_out
mkdir -p "$shots"
chrome() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$out/profile" --window-size=1280,"${H:-900}" "$@"; }

if ! chrome --dump-dom about:blank > probe.out 2> probe.err || ! grep -q '<html' probe.out; then
    echo "report_browser test: NOT RUN (chromium cannot start: $(grep -v dbus probe.err | tail -1))"
    exit 0
fi

bash "$here/lib/report_inputs.sh" run 12 > inputs.log 2>&1 || abort "tests/lib/report_inputs.sh failed (see inputs.log)"
"$root/bin/picket-tools" report --out run/report.html run/in > report.log 2>&1 || abort "picket-tools report failed: $(tail -1 report.log)"
site=$out/run/report
[[ -f "$site/index.html" && -f "$site/tomo1.html" ]] || abort "no report/index.html or report/tomo1.html"

# 2b. every <img src> and <a href> of every page (and the summary) is an existing file next to it
for page in "$out/run/report.html" "$site"/*.html; do
    dir=$(dirname "$page")
    while IFS= read -r ref; do
        ref=${ref%%#*}
        [[ -z "$ref" ]] && continue
        checked=$((checked + 1))
        case $ref in
            http:*|https:*|data:*|//*) fail "$(basename "$page"): a link off the disk: $ref" ;;
            *) [[ -f "$dir/$ref" ]] || fail "$(basename "$page"): $ref does not exist" ;;
        esac
    done < <(grep -oE '(src|href)="[^"]*"' "$page" | sed -E 's/^(src|href)="(.*)"$/\2/')
done

# the measuring script, appended to a copy of a page; lazy images are made eager so that all of them load
probe_js='
window.addEventListener("load", function () {
  var r = [], d = document.documentElement;
  r.push("scrollWidth=" + d.scrollWidth + " clientWidth=" + d.clientWidth);
  Array.prototype.forEach.call(document.images, function (i) {
    r.push("img " + i.getAttribute("src") + " " + (i.complete && i.naturalWidth > 0 ? "ok" : "broken"));
  });
  function ids() { return Array.prototype.map.call(document.querySelectorAll("#overview tbody tr"),
      function (t) { return t.cells[0].textContent; }).join(","); }
  function col(c) { return Array.prototype.map.call(document.querySelectorAll("#overview tbody tr"),
      function (t) { return t.cells[c].textContent; }).join(","); }
  var th = document.querySelectorAll("#overview th");
  if (th.length) {
    r.push("order " + ids());
    th[3].click(); r.push("by-particles " + col(3));
    th[0].click(); r.push("order-again " + ids());
  }
  var p = document.createElement("pre"); p.id = "picket-check"; p.textContent = r.join("\n");
  document.body.appendChild(p);
});'
measure() {   # measure PAGE NAME: NAME.dom (the DOM after the script), NAME.check (its lines)
    local page=$1 name=$2 copy=${1%.html}.check.html js=$(dirname "$1")/picket-check.js
    printf '%s\n' "$probe_js" > "$js"
    sed -e 's/ loading="lazy"//g' -e 's#</body>#<script src="picket-check.js"></script></body>#' "$page" > "$copy"
    chrome --virtual-time-budget=10000 --dump-dom "file://$copy" > "$name.dom" 2> "$name.err"
    sed -n '/<pre id="picket-check">/,/<\/pre>/p' "$name.dom" | sed 's/<[^>]*>//g' > "$name.check"
    rm -f "$copy" "$js"
    [[ -s "$name.check" ]] || { fail "$name: the page's check script left no result (see $name.err)"; return 1; }
}

expected=$(seq -f 'tomo%g' 1 12 | paste -sd,)
for p in index tomo1 tomo10; do
    measure "$site/$p.html" "$p" || continue
    checked=$((checked + 1))
    sw=$(sed -n 's/^scrollWidth=\([0-9]*\).*/\1/p' "$p.check")
    [[ -n "$sw" ]] || fail "$p: no scrollWidth measured"
    [[ -n "$sw" ]] && (( sw > 1280 )) && fail "$p: horizontal overflow at 1280 px: scrollWidth $sw"
    n_img=$(grep -c '^img ' "$p.check")
    checked=$((checked + n_img))
    grep '^img .* broken$' "$p.check" | head -3 | while read -r _ src _; do echo "broken: $src"; done > broken.txt
    [[ -s broken.txt ]] && fail "$p: images that do not load: $(paste -sd' ' broken.txt)"
    (( n_img > 0 )) || fail "$p: no images"
    if [[ $p == index ]]; then
        checked=$((checked + 3))
        got=$(sed -n 's/^order //p' index.check)
        [[ "$got" == "$expected" ]] || fail "index: not in natural order: $got"
        byp=$(sed -n 's/^by-particles //p' index.check)
        [[ -n "$byp" && "$byp" == "$(tr ',' '\n' <<< "$byp" | sort -n | paste -sd,)" ]] \
            || fail "index: a click on 'particles' does not sort by it: $byp"
        again=$(sed -n 's/^order-again //p' index.check)
        [[ "$again" == "$expected" ]] || fail "index: sorting by 'tomogram' does not give the natural order back: $again"
    fi
done

# 4. screenshots of the pages themselves
chrome --screenshot="$shots/report_index.png" "file://$site/index.html" > shot1.log 2>&1
H=2200 chrome --screenshot="$shots/report_tomo1.png" "file://$site/tomo1.html" > shot2.log 2>&1
for s in report_index report_tomo1; do
    checked=$((checked + 1))
    [[ -s "$shots/$s.png" ]] && [[ "$(head -c 8 "$shots/$s.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] \
        || fail "no screenshot $shots/$s.png"
done
finish
