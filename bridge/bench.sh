#!/usr/bin/env bash
# Webhook ingest benchmark (bridge/BENCHMARK.md): builds the bridge's test classes, then runs
# io.waveflow.bridge.bench.IngestBenchmark, which starts its own Kafka, ElasticMQ and bridge on free ports.
# Options: --seconds=15 --warmup=10 --concurrency=64
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.waveflow.bridge.bench.IngestBenchmark "$@"
