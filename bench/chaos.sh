#!/usr/bin/env bash
# Waveflow chaos suite (CHAOS.md): starts the local stack on free ports with a fresh data directory,
# a simulated worker fleet, and for each fault a round of stems with the fault injected halfway:
# kill -9 of bridge, workflow-streams and projections, a broker restart, PostgreSQL paused and SQS
# stopped for 30 s. Prints a line per fault and ALL-STEMS-SETTLED when every round holds (exit 0).
#   bench/chaos.sh                                  full suite, writes CHAOS.md
#   bench/chaos.sh --stems=40 --outage-seconds=5 --output=/tmp/chaos.md     a small run
# Options: --faults=all|kills|kill-bridge,restart-kafka,... --stems= --rate= --outage-seconds=
#          --settle-seconds= --output=
# Needs the services' exec jars and local-stack's classes jar (see bench/README.md for the build).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f bench/target/bench.classpath || bench/pom.xml -nt bench/target/bench.classpath ]]; then
  mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
fi
if [[ ! -d bench/target/classes/io ]]; then
  mvn -B -q -f bench/pom.xml package -DskipTests
fi
exec java -Xmx768m -XX:+UseParallelGC -Dwaveflow.repoRoot="$PWD" -Dlogback.configurationFile=bench/src/main/resources/bench-logback.xml \
  -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  io.waveflow.bench.ChaosSuite "$@"
