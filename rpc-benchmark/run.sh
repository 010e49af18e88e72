#!/usr/bin/env bash
# Builds the benchmark and runs it: every contender, back to back, about 8 minutes on 2 cores.
# The report lands in rpc-benchmark/results/<timestamp>/. Arguments go to the harness, e.g.
#   rpc-benchmark/run.sh --contenders=floor,rpc-direct --plan=quick
#   rpc-benchmark/run.sh jmh CodecBenchmarks
# Needs only a JDK 17+ (java on the PATH or JAVA_HOME); the Maven wrapper fetches Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl rpc-benchmark -am package -DskipTests
exec java -jar rpc-benchmark/target/rpc-benchmark.jar "$@"
