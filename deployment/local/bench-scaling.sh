#!/usr/bin/env bash
# Benchmarks how linkops scales on this machine: launches a fresh PostgreSQL and Kafka broker (under
# target/bench-scaling/stack) and starts its own service processes per setting (each -Xmx512m, logs in
# target/bench-scaling/logs). Sections, run in this order:
#   imports  one 100,000-connection op with 1, 2 and 4 import consumers in one worker, then two worker processes:
#            time to terminal, throughput and the records each consumer handled; the Kafka + SQL floor
#   cold     a new service, 100,000 users created through POST /v2/user, the first large import (cold), then warm
#   million  ten concurrent 100,000-connection ops from one team: exact counts, total time, peak heap
#   refresh  20,000 due connections against a fake token endpoint answering in 50 ms, one worker then two
# Prints the table and writes it to target/bench-scaling/ as JSON and Markdown. Not part of the test suite.
#   BENCH_SECTIONS (imports,cold,million,refresh)  BENCH_IMPORT_SIZE (100000)  BENCH_PG_PORT (56532)
#   BENCH_KAFKA_PORT (59292)  BENCH_IMPORT_SETTINGS (1x1,1x2,1x4,2x2: worker processes x consumers each)
#   BENCH_SERVICE_JVM (JVM options added to every service; {name} stands for the service's name)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BENCH_DIR="$ROOT/target/bench-scaling"
STACK_DIR="$BENCH_DIR/stack"
mkdir -p "$BENCH_DIR"
source "$ROOT/deployment/local/lib.sh"
hold_lock "$BENCH_DIR/bench.lock" "a scaling benchmark"
CLASSPATH_FILE="$ROOT/target/bench/classpath.txt"
mkdir -p "$(dirname "$CLASSPATH_FILE")"
ensure_built "$CLASSPATH_FILE"

stop_on_exit

PG_PORT="${BENCH_PG_PORT:-56532}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-59292}"
rm -rf "$STACK_DIR" "$BENCH_DIR/logs"
start_stack "$STACK_DIR" "$CLASSPATH_FILE" "postgres=$PG_PORT" "kafka=$KAFKA_PORT"

java -Xmx3g -cp "$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" io.linkops.bench.ScalingBenchmark \
    "$APP_JAR" "$BENCH_DIR" "jdbc:postgresql://127.0.0.1:$PG_PORT/linkops" linkops linkops 127.0.0.1 "$PG_PORT" \
    linkops "127.0.0.1:$KAFKA_PORT" "${BENCH_SECTIONS:-imports,cold,million,refresh}" \
    "${BENCH_IMPORT_SIZE:-100000}" "${LINKOPS_IMPORT_PARTITIONS:-12}" "linkops.connection-imports"
