#!/usr/bin/env bash
# Waveflow benchmark suite (BENCHMARKS.md): starts the local stack on free ports with a fresh data
# directory, runs every phase and writes BENCHMARKS.md at the repository root.
#   bench/run.sh            full suite, under 10 minutes on 2 cores
#   bench/run.sh --quick    small sizes, under 2 minutes
# Sizes: --stems= --rate= --duplicates= --pairs= --hash-stems= --concurrency= --ingest-seconds=
# Worker simulator: --hash-delay-ms= --analysis-delay-ms= --failure-share= --lost-share=
#   bench/run.sh --chaos    the chaos suite instead (CHAOS.md): kill -9 of each service, broker restart,
#                           PostgreSQL paused and SQS stopped for 30 s; prints ALL-STEMS-SETTLED when all hold.
#                           Options: --faults=all|kills|kill-bridge,... --stems= --rate= --outage-seconds=
#                           --settle-seconds= --output=; small run: --chaos --stems=40 --outage-seconds=5 --output=/tmp/chaos.md
# Needs the services' exec jars and local-stack's jar (see bench/README.md for the build).
set -euo pipefail
main=io.waveflow.bench.BenchSuite
if [[ "${1:-}" == "--chaos" ]]; then
  main=io.waveflow.bench.ChaosSuite
  shift
fi
cd "$(dirname "$0")/.."
if [[ ! -f bench/target/bench.classpath || bench/pom.xml -nt bench/target/bench.classpath ]]; then
  mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
fi
if [[ ! -d bench/target/classes/io ]]; then
  mvn -B -q -f bench/pom.xml package -DskipTests
fi
exec java -Xmx768m -XX:+UseParallelGC -Dwaveflow.repoRoot="$PWD" -Dlogback.configurationFile=bench/src/main/resources/bench-logback.xml \
  -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  "$main" "$@"
