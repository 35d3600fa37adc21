#!/usr/bin/env bash
# Measures DESIGN.md section 8's two plugin bars on a function project generated from the archetype:
#
#  1. incremental build after a one-class change: `mvn -o -q compile baetyl:package` against
#     `mvn -o -q compile jib:buildTar` (jib-maven-plugin, same project, same runtime image tar as base),
#     interleaved over N rounds (the order alternates each round); prints every round, the median wall
#     times, the baetyl/jib ratio and how many image layers changed for each tool;
# 1b. one more non-quiet build of each with the time of each step's log line, and the three steps only
#     baetyl:package runs (base tar modules scan, jdeps, output tar re-hash) timed alone by
#     plugin-phases/PluginPhases.java in a fresh JVM;
#  2. reproducibility: two clean builds `mvn -o clean package baetyl:package` of the project, plus one
#     of a copy at another path; prints the image digests.
#
# Usage (from anywhere; needs the project's artifacts in ~/.m2: `./mvnw -B install` of the reactor, and
# jib-maven-plugin 3.5.2 resolved once online, see docs/benchmarks.md):
#
#   benchmarks/plugin-bench.sh [ROUNDS (default 5)] [WORK_DIR (default: a new temp dir, deleted after)]
#
# Environment: MVN (default: the Maven 3.9.11 of ./mvnw, else `mvn`), RUNTIME_IMAGE_TAR (default: the
# runtime image tar in ~/.m2), JIB_PLUGIN (default com.google.cloud.tools:jib-maven-plugin:3.5.2).
# Every Maven run is offline (-o); only local files are read and written. Every loop is bounded.
set -euo pipefail

ROUNDS="${1:-5}"
WORK="${2:-}"
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
M2="${HOME}/.m2/repository"
VERSION=0.1.0-SNAPSHOT
JIB_PLUGIN="${JIB_PLUGIN:-com.google.cloud.tools:jib-maven-plugin:3.5.2}"
RUNTIME_IMAGE_TAR="${RUNTIME_IMAGE_TAR:-${M2}/io/baetyl/function/baetyl-function-runtime-image/${VERSION}/baetyl-function-runtime-image-${VERSION}-image.tar}"
PLUGIN_JAR="${M2}/io/baetyl/function/baetyl-maven-plugin/${VERSION}/baetyl-maven-plugin-${VERSION}.jar"

if [[ -z "${MVN:-}" ]]; then
  MVN="$(ls -d "${HOME}"/.m2/wrapper/dists/apache-maven-3.9.11/*/bin/mvn 2>/dev/null | head -1 || true)"
  MVN="${MVN:-mvn}"
fi
[[ "${ROUNDS}" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive integer, got '${ROUNDS}'." >&2; exit 2; }
[[ -f "${RUNTIME_IMAGE_TAR}" ]] || { echo "Runtime image tar ${RUNTIME_IMAGE_TAR} not found: run ./mvnw -B install -pl runtime-image -am first." >&2; exit 2; }
[[ -f "${PLUGIN_JAR}" ]] || { echo "baetyl-maven-plugin ${PLUGIN_JAR} not found: run ./mvnw -B install -pl baetyl-maven-plugin -am first." >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed to read the image tars' manifest.json (apt-get install jq)." >&2; exit 2; }

KEEP_WORK=1
if [[ -z "${WORK}" ]]; then
  WORK="$(mktemp -d /tmp/plugin-bench.XXXXXX)"
  KEEP_WORK=0
fi
mkdir -p "${WORK}"
WORK="$(cd "${WORK}" && pwd)"
cleanup() { if [[ "${KEEP_WORK}" == 0 ]]; then rm -rf "${WORK}"; fi; }
trap cleanup EXIT

# the runtime image is copied so a concurrent `mvn install` of runtime-image cannot change the base mid-run
BASE_TAR="${WORK}/runtime-image.tar"
cp "${RUNTIME_IMAGE_TAR}" "${BASE_TAR}"

LOG="${WORK}/mvn.log"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# run_mvn DIR ARGS...: runs Maven in DIR, output to $LOG; on failure prints the log's tail and stops
run_mvn() {
  local dir="$1"; shift
  if ! (cd "${dir}" && "${MVN}" -B "$@") >"${LOG}" 2>&1; then
    echo "FAILED in ${dir}: ${MVN} -B $*" >&2
    tail -40 "${LOG}" >&2
    exit 1
  fi
}
# layers IMAGE_TAR: the layer blobs of a docker-save tar, one per line, in order
layers() { tar -xOf "$1" manifest.json 2>/dev/null | jq -r '.[0].Layers[]'; }
# changed OLD_LIST NEW_LIST: how many layers of the new image are not in the old one
changed() { comm -13 <(sort "$1") <(sort "$2") | wc -l; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%d\n", (a[NR/2]+a[NR/2+1])/2}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "?"}'; }

JIB_ARGS=(
  "-Djib.from.image=tar://${BASE_TAR}"
  "-Djib.to.image=sayhi-jib:1.0.0"
  "-Djib.outputPaths.tar=target/jib/image.tar"
  "-Djib.outputPaths.digest=target/jib/image.digest"
  "-Djib.outputPaths.imageId=target/jib/image.id"
  "-Djib.outputPaths.imageJson=target/jib/image.json"
  "-Djib.container.entrypoint=INHERIT"
  "-Djib.container.appRoot=/var/db/baetyl/function-sayhi"
  "-Djib.baseImageCache=${WORK}/jib-base-cache"
)
BAETYL_ARGS=("-Dbaetyl.from.image=tar://${BASE_TAR}")

echo "# plugin benchmark: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), ${ROUNDS} round(s), $(nproc) CPUs"
echo "maven: $("${MVN}" -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g'), java: $(java -version 2>&1 | head -1)"
echo "baetyl-maven-plugin jar sha256 at start: $(sha256sum "${PLUGIN_JAR}" | cut -c1-16), base image tar: ${RUNTIME_IMAGE_TAR} sha256 $(sha256sum "${BASE_TAR}" | cut -c1-16)"
echo "jib: ${JIB_PLUGIN} (base image cache ${WORK}/jib-base-cache)"
echo "uptime at start: $(uptime)"
echo

# --- the project ---------------------------------------------------------------------------------
run_mvn "${WORK}" -o org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate -DinteractiveMode=false \
  -DarchetypeGroupId=io.baetyl.function -DarchetypeArtifactId=baetyl-function-archetype \
  -DarchetypeVersion="${VERSION}" -DgroupId=com.example -DartifactId=sayhi -Dversion=1.0.0 \
  -Dpackage=com.example.sayhi
PROJECT="${WORK}/sayhi"
CLASS="${PROJECT}/src/main/java/com/example/sayhi/SayHi.java"
[[ -f "${CLASS}" ]] || { echo "The archetype did not generate ${CLASS}." >&2; exit 1; }
# a compile-time constant: changing its value changes SayHi.class (a comment would not)
sed -i 's/^public class SayHi \(.*\){$/public class SayHi \1{\n\n  static final String BENCH_STAMP = "initial";/' "${CLASS}"
grep -q 'BENCH_STAMP' "${CLASS}" || { echo "Could not add the BENCH_STAMP constant to ${CLASS}." >&2; exit 1; }
touch_class() { sed -i "s/BENCH_STAMP = \".*\";/BENCH_STAMP = \"$1\";/" "${CLASS}"; }

# --- part 1: incremental builds --------------------------------------------------------------------
BAETYL_TAR="${PROJECT}/target/baetyl/image.tar"
JIB_TAR="${PROJECT}/target/jib/image.tar"
# first builds (not measured): compile + tests + jar once, then each tool fills its caches
run_mvn "${PROJECT}" -o -q package baetyl:package "${BAETYL_ARGS[@]}"
run_mvn "${PROJECT}" -o -q compile "${JIB_PLUGIN}:buildTar" "${JIB_ARGS[@]}"
echo "first builds (not measured): baetyl $(layers "${BAETYL_TAR}" | wc -l) layers, jib $(layers "${JIB_TAR}" | wc -l) layers, base $(layers "${BASE_TAR}" | wc -l) layers"

# Maven's own timestamps, even with -q: the phase/goal lines and BUILD SUCCESS of its event logger
TIMED=(
  "-Dorg.slf4j.simpleLogger.log.org.apache.maven.cli.event=info"
  "-Dorg.slf4j.simpleLogger.showDateTime=true"
  "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"
)
# goal_ms LOG PATTERN: milliseconds from the "--- PATTERN" goal line to BUILD SUCCESS in a timed log
goal_ms() {
  awk -v pat="--- $2" '
    function ms(t) { split(t, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
    index($0, pat) { start = ms($1) }
    /BUILD SUCCESS/ { end = ms($1) }
    END { if (start == "" || end == "") print "?"; else print end - start }' "$1"
}

# one_build TOOL ROUND: change the class, build with TOOL, print "wall_ms goal_ms changed_layers"
one_build() {
  local tool="$1" round="$2" tar start end goal
  touch_class "round-${round}-${tool}"
  if [[ "${tool}" == baetyl ]]; then tar="${BAETYL_TAR}"; else tar="${JIB_TAR}"; fi
  layers "${tar}" >"${WORK}/before.txt"
  start=$(now_ms)
  if [[ "${tool}" == baetyl ]]; then
    run_mvn "${PROJECT}" -o -q compile baetyl:package "${BAETYL_ARGS[@]}" "${TIMED[@]}"
  else
    run_mvn "${PROJECT}" -o -q compile "${JIB_PLUGIN}:buildTar" "${JIB_ARGS[@]}" "${TIMED[@]}"
  fi
  end=$(now_ms)
  goal=$(goal_ms "${LOG}" "${tool}:")
  cp "${LOG}" "${WORK}/round-${round}-${tool}.log"
  layers "${tar}" >"${WORK}/after.txt"
  echo "$(( end - start )) ${goal} $(changed "${WORK}/before.txt" "${WORK}/after.txt")"
}

echo
echo "## 1. incremental build after a one-class change (SayHi.BENCH_STAMP changed before every build)"
echo "baetyl: cd sayhi && ${MVN##*/} -B -o -q compile baetyl:package -Dbaetyl.from.image=tar://<base>"
echo "jib:    cd sayhi && ${MVN##*/} -B -o -q compile ${JIB_PLUGIN}:buildTar ${JIB_ARGS[*]}"
echo
echo "wall = process start to exit of the whole \`mvn\` command; goal = the plugin goal alone (Maven's log timestamps:"
echo "its \"--- goal\" line to BUILD SUCCESS); changed = layers of the new image tar that the previous one did not have"
echo
echo "| round | order | baetyl wall ms | baetyl goal ms | baetyl changed layers | jib wall ms | jib goal ms | jib changed layers | wall baetyl/jib | goal baetyl/jib | load avg after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for f in baetyl.ms jib.ms baetyl.goal jib.goal baetyl.layers jib.layers; do : >"${WORK}/${f}"; done
for (( r = 1; r <= ROUNDS; r++ )); do
  if (( r % 2 )); then order="baetyl,jib"; else order="jib,baetyl"; fi
  for tool in ${order//,/ }; do
    res="$(one_build "${tool}" "${r}")"
    read -r ms goal n <<<"${res}"
    echo "${ms}" >>"${WORK}/${tool}.ms"
    echo "${goal}" >>"${WORK}/${tool}.goal"
    echo "${n}" >>"${WORK}/${tool}.layers"
    declare "${tool}_ms=${ms}" "${tool}_goal=${goal}" "${tool}_n=${n}"
  done
  echo "| ${r} | ${order} | ${baetyl_ms} | ${baetyl_goal} | ${baetyl_n} | ${jib_ms} | ${jib_goal} | ${jib_n} | $(ratio "${baetyl_ms}" "${jib_ms}") | $(ratio "${baetyl_goal}" "${jib_goal}") | $(loadavg) |"
done
B_MED=$(median <"${WORK}/baetyl.ms"); J_MED=$(median <"${WORK}/jib.ms")
BG_MED=$(median <"${WORK}/baetyl.goal"); JG_MED=$(median <"${WORK}/jib.goal")
echo
echo "median over ${ROUNDS} rounds, wall: baetyl ${B_MED} ms, jib ${J_MED} ms, ratio baetyl/jib $(ratio "${B_MED}" "${J_MED}") (bar <= 1.00: $(awk -v a="${B_MED}" -v b="${J_MED}" 'BEGIN {print (a <= b) ? "met" : "NOT met"}'))"
echo "median over ${ROUNDS} rounds, goal: baetyl:package ${BG_MED} ms, jib:buildTar ${JG_MED} ms, ratio baetyl/jib $(ratio "${BG_MED}" "${JG_MED}")"
echo "changed layers per build: baetyl $(sort -u "${WORK}/baetyl.layers" | paste -sd/) (bar: exactly 1, the classes layer), jib $(sort -u "${WORK}/jib.layers" | paste -sd/)"
# which layer changed: the new layer must be the one holding the class
last="$(comm -13 <(sort "${WORK}/before.txt") <(sort "${WORK}/after.txt") | head -1)"
if [[ -n "${last}" ]]; then
  echo "last ${tool} build's new layer ${last:0:12}... holds: $(tar -xOf "$([[ ${tool} == baetyl ]] && echo "${BAETYL_TAR}" || echo "${JIB_TAR}")" "${last}" | tar -tzf - 2>/dev/null | grep -v '/$' | paste -sd' ')"
fi
new_baetyl="$(layers "${BAETYL_TAR}" | tail -2 | head -1)"
echo "baetyl image's layers (base first): $(layers "${BAETYL_TAR}" | cut -c1-12 | paste -sd' ')"
echo "baetyl image's classes layer ${new_baetyl:0:12}... holds: $(tar -xOf "${BAETYL_TAR}" "${new_baetyl}" | tar -tzf - 2>/dev/null | grep -v '/$' | paste -sd' ')"

# --- part 1b: where the goals' time goes ----------------------------------------------------------------
# steps STEP_PATTERNS...: each pattern's first log line, in ms after the goal's "---" line (non-quiet timed log)
steps() {
  local goal="$1"; shift
  local out="" p t
  for p in "$@"; do
    t=$(awk -v g="--- ${goal}" -v pat="${p}" '
      function ms(t) { split(t, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
      index($0, g) { start = ms($1) }
      start != "" && index($0, pat) && found == "" { found = ms($1) - start }
      END { print (found == "" ? "?" : found) }' "${LOG}")
    out+="'${p}' +${t} ms, "
  done
  echo "${out%, }"
}
echo
echo "## 1b. where the goal's time goes: one more build each, not quiet, Maven's log timestamps relative to the goal's start"
touch_class "steps-baetyl"
run_mvn "${PROJECT}" -o compile baetyl:package "${BAETYL_ARGS[@]}" "${TIMED[@]}"
echo "baetyl:package: $(steps baetyl: 'Function ' 'Building image tar' 'Java modules check' 'Built ' 'BUILD SUCCESS')"
echo "  (goal start -> 'Function': mojo set-up and handler validation; -> 'Building image tar': the base image's module"
echo "  label and the layers' set-up; -> 'Java modules check': jib-core writes the image while jdeps runs on its own"
echo "  thread, and the check's result is logged once both are done; -> 'Built': layer digests from the tar's manifest)"
touch_class "steps-jib"
run_mvn "${PROJECT}" -o compile "${JIB_PLUGIN}:buildTar" "${JIB_ARGS[@]}" "${TIMED[@]}"
echo "jib:buildTar:   $(steps jib: 'Containerizing application' 'Building image to tar file' 'Built image tarball' 'BUILD SUCCESS')"
echo "  (goal start -> 'Containerizing': jib plugin set-up; -> 'Built image tarball': jib-core)"
# the steps baetyl:package runs that jib:buildTar does not, timed alone in one fresh JVM (run 1 = what every build pays)
R="${M2}"
PHASES_CP="${PLUGIN_JAR}:${R}/io/baetyl/function/baetyl-function-image-builder/${VERSION}/baetyl-function-image-builder-${VERSION}.jar"
PHASES_CP+=":${R}/org/apache/commons/commons-compress/1.26.0/commons-compress-1.26.0.jar"
PHASES_CP+=":$(ls "${R}"/commons-io/commons-io/*/commons-io-*.jar | grep -v sources | tail -1)"
PHASES_CP+=":$(ls "${R}"/org/apache/commons/commons-lang3/*/commons-lang3-*.jar | grep -v sources | tail -1)"
for a in databind core annotations; do
  PHASES_CP+=":$(ls "${R}"/com/fasterxml/jackson/core/jackson-${a}/2.23*/jackson-${a}-2.23*.jar | grep -v sources | head -1)"
done
echo
echo "baetyl-only steps, alone in a fresh JVM (benchmarks/plugin-phases/PluginPhases.java; run 1 is what every Maven build pays):"
java -cp "${PHASES_CP}" "${REPO_ROOT}/benchmarks/plugin-phases/PluginPhases.java" "${BASE_TAR}" \
  "${PROJECT}/target/classes" "${BAETYL_TAR}" | sed 's/^/  /'
echo "base image tar layers (compressed bytes): $(tar -tvf "${BASE_TAR}" 2>/dev/null | awk '/tar.gz/ {printf "%s%d", sep, $3; sep=" "}')"

# --- part 2: reproducibility -----------------------------------------------------------------------
echo
echo "## 2. reproducibility: cd sayhi && ${MVN##*/} -B -o clean package baetyl:package (twice), then the same in a copy at another path"
touch_class "reproducible"
digests=()
for i in 1 2; do
  start=$(now_ms)
  run_mvn "${PROJECT}" -o clean package baetyl:package "${BAETYL_ARGS[@]}"
  end=$(now_ms)
  d="$(cat "${PROJECT}/target/baetyl/image.digest")"
  digests+=("${d}")
  echo "clean build ${i} (${PROJECT}, $(( end - start )) ms): ${d}"
done
COPY="${WORK}/elsewhere/sayhi-copy"
mkdir -p "${COPY}"
(cd "${PROJECT}" && tar --exclude=./target -cf - .) | (cd "${COPY}" && tar -xf -)
touch "${COPY}/src/main/java/com/example/sayhi/SayHi.java"
run_mvn "${COPY}" -o clean package baetyl:package "${BAETYL_ARGS[@]}"
d="$(cat "${COPY}/target/baetyl/image.digest")"
digests+=("${d}")
echo "clean build 3 (${COPY}, files touched): ${d}"
if [[ "$(printf '%s\n' "${digests[@]}" | sort -u | wc -l)" == 1 ]]; then
  echo "reproducibility: identical digests (bar met)"
else
  echo "reproducibility: digests DIFFER (bar NOT met)"
fi

echo
echo "baetyl-maven-plugin jar sha256 at end: $(sha256sum "${PLUGIN_JAR}" | cut -c1-16)"
echo "uptime at end: $(uptime)"
