#!/usr/bin/env bash
# Command forwarding benchmark (bridge/BENCHMARK.md): builds the bridge's test classes, then runs
# io.waveflow.bridge.bench.ForwardBenchmark, which starts its own Kafka, ElasticMQ and bridge on free ports,
# once batched and once with one SendMessage per command, and then the raw SQS client rates.
# Options: --commands=20000 --warmup=2000
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.waveflow.bridge.bench.ForwardBenchmark "$@"
