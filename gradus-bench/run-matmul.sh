#!/usr/bin/env bash
# Runs MatmulBench (Gradus sgemm vs native OpenBLAS through netlib) and prints one GFLOP/s table:
# rows implementation x threads, columns n; each cell "median (best)" over ROUNDS rounds.
#
#   bash gradus-bench/run-matmul.sh [ROUNDS]        # from the repository root, after
#   mvn -pl gradus-core,gradus-bench -am package -DskipTests
#
# Environment:
#   JDKS        space-separated JAVA_HOMEs to run the Gradus kernel on (default: $JAVA_HOME, or `java` on PATH)
#   SIZES       matrix sizes (default "256,512,1024,2048")
#   CORETYPES   OpenBLAS kernels to measure netlib with: "env" = whatever OPENBLAS_CORETYPE this
#               environment holds (unset: OpenBLAS detects), others are passed as OPENBLAS_CORETYPE
#               (default "env Haswell SkylakeX"); empty string skips netlib
#   OUT         results folder (default gradus-bench/target/matmul-results/<timestamp>)
#   JMH_ARGS    extra JMH arguments (e.g. "-wi 3 -i 5")
# Needs libblas.so.3 for netlib's JNI path (Debian: apt-get install -y libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
JAR=gradus-bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -pl gradus-core,gradus-bench -am package -DskipTests" >&2; exit 1; }
SIZES=${SIZES:-256,512,1024,2048}
CORETYPES=${CORETYPES-env Haswell SkylakeX}
DEFAULT_JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDKS=${JDKS:-$DEFAULT_JAVA_HOME}
OUT=${OUT:-gradus-bench/target/matmul-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
ENV_CORETYPE=${OPENBLAS_CORETYPE:-}
TABLE_ARGS=()

jmh() { # java_home csv-file jmh-args...
  local jh=$1 csv=$2; shift 2
  "$jh/bin/java" -jar "$JAR" MatmulBench -jvm "$jh/bin/java" -p n="$SIZES" ${JMH_ARGS:-} -rf csv -rff "$csv" "$@" \
    > "${csv%.csv}.log" 2>&1 || { echo "JMH failed, see ${csv%.csv}.log" >&2; tail -20 "${csv%.csv}.log" >&2; exit 1; }
}

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round/$ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  for jh in $JDKS; do
    ver=$("$jh/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
    csv="$OUT/gradus-jdk$ver-r$round.csv"
    echo "   gradus, JDK $ver" >&2
    jmh "$jh" "$csv" -p impl=gradus -p threads=1,2
    TABLE_ARGS+=("gradus (JDK $ver)=$csv")
  done
  for ct in $CORETYPES; do
    for t in 1 2; do
      csv="$OUT/netlib-$ct-t$t-r$round.csv"
      echo "   netlib, OPENBLAS_CORETYPE=$ct, OPENBLAS_NUM_THREADS=$t" >&2
      if [ "$ct" = env ]; then
        label="netlib OpenBLAS (OPENBLAS_CORETYPE=${ENV_CORETYPE:-unset})"
        OPENBLAS_NUM_THREADS=$t jmh "$DEFAULT_JAVA_HOME" "$csv" -p impl=netlib -p threads=$t
      else
        label="netlib OpenBLAS (OPENBLAS_CORETYPE=$ct)"
        OPENBLAS_CORETYPE=$ct OPENBLAS_NUM_THREADS=$t jmh "$DEFAULT_JAVA_HOME" "$csv" -p impl=netlib -p threads=$t
      fi
      TABLE_ARGS+=("$label=$csv")
    done
  done
done

"$DEFAULT_JAVA_HOME/bin/java" -cp "$JAR" dev.gradus.bench.GflopsTable "${TABLE_ARGS[@]}" | tee "$OUT/table.md"
echo "(raw JMH CSV and logs in $OUT)" >&2
