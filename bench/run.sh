#!/usr/bin/env bash
# Waveflow benchmark suite (BENCHMARKS.md): starts the local stack on free ports with a fresh data
# directory, runs every phase and writes BENCHMARKS.md at the repository root.
#   bench/run.sh            full suite, under 20 minutes on 2 cores (two capacity searches are most of it)
#   bench/run.sh --quick    small sizes, under 4 minutes
# Sizes: --stems= --rate= --duplicates= --pairs= --hash-stems= --concurrency= --ingest-seconds=
# Latency and CPU rows: --latency-rates=30,100 --latency-warmup= --latency-seconds= --latency-designs=waveflow,seed
# Capacity search: --capacity-designs=waveflow,seed --capacity-start=50 --capacity-seconds=60 (full window)
#                  --capacity-probe-seconds=15 --capacity-steps= (probes) --capacity-confirmations=
#                  --capacity-budget= (seconds per design) --capacity-p99-ms=2000 --drain-seconds=
# Worker simulator: --hash-delay-ms= --analysis-delay-ms= --failure-share= --lost-share=
# Where the report goes: --output=PATH (default BENCHMARKS.md; use /tmp/... for a run on a busy machine)
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
# Built in the reactor (-am), so the classpath names this checkout's module jars and nothing need be
# installed into ~/.m2; rebuilt when bench's pom or sources are newer than the classpath.
if [[ ! -f bench/target/bench.classpath || ! -d bench/target/classes/io || bench/pom.xml -nt bench/target/bench.classpath \
      || -n "$(find bench/src/main -newer bench/target/bench.classpath -print -quit)" ]]; then
  mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bench/target/bench.classpath"
fi
exec java -Xmx768m -XX:+UseParallelGC -Dwaveflow.repoRoot="$PWD" -Dlogback.configurationFile=bench/src/main/resources/bench-logback.xml \
  -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  "$main" "$@"
