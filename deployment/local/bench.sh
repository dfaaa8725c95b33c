#!/usr/bin/env bash
# Benchmarks linkops on this machine: launches a fresh PostgreSQL and Kafka broker (under target/bench/stack), runs
# the packaged service (api and worker in one process, JAVA_OPTS or -Xmx512m), then measures a 100,000-connection
# import, wait_for_completion latency with 1 and 8 clients, the raw SQL and Kafka floors, and peak memory. Prints
# the table and writes it to target/bench/ as JSON and Markdown. Not part of the test suite.
#   BENCH_IMPORT_SIZE (100000)  BENCH_WAIT_OPS (200)  BENCH_PG_PORT (56432)  BENCH_KAFKA_PORT (59192)
#   BENCH_HTTP_PORT (18080)  BENCH_MANAGEMENT_PORT (19000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BENCH_DIR="$ROOT/target/bench"
STACK_DIR="$BENCH_DIR/stack"
mkdir -p "$BENCH_DIR"
source "$ROOT/deployment/local/lib.sh"
hold_lock "$BENCH_DIR/bench.lock" "a benchmark"
CLASSPATH_FILE="$BENCH_DIR/classpath.txt"
ensure_built "$CLASSPATH_FILE"

stop_on_exit

PG_PORT="${BENCH_PG_PORT:-56432}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-59192}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-19000}"
rm -rf "$STACK_DIR"
start_stack "$STACK_DIR" "$CLASSPATH_FILE" "postgres=$PG_PORT" "kafka=$KAFKA_PORT"

export LINKOPS_DB_HOST=127.0.0.1 LINKOPS_DB_PORT="$PG_PORT" LINKOPS_DB_NAME=linkops
export LINKOPS_DB_USERNAME=linkops LINKOPS_DB_PASSWORD=linkops
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_PROFILE=local
export QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT"
# The benchmark measures the service, which a team's default request rate would pace instead.
export LINKOPS_RATE_LIMITS_TEAM_PER_SECOND=1000000 LINKOPS_RATE_LIMITS_TEAM_BURST=1000000
SERVICE_OPTS="${JAVA_OPTS:--Xmx512m}"
log "starting linkops on port $HTTP_PORT ($SERVICE_OPTS)"
rm -f "$BENCH_DIR/gc.log"
java $SERVICE_OPTS -Xlog:gc:file="$BENCH_DIR/gc.log" -jar "$APP_JAR" >"$BENCH_DIR/service.log" 2>&1 &
APP_PID=$!
deadline=$((SECONDS + 90))
until curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$APP_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
        log "linkops did not become ready; see $BENCH_DIR/service.log"
        exit 1
    fi
    sleep 0.5
done

BENCH_SERVICE_OPTS="$SERVICE_OPTS" java -Xmx2g -cp "$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" \
    io.linkops.bench.Benchmark "http://127.0.0.1:$HTTP_PORT" "$APP_PID" \
    "jdbc:postgresql://127.0.0.1:$PG_PORT/linkops" linkops linkops "127.0.0.1:$KAFKA_PORT" "$BENCH_DIR" \
    "linkops-dev-admin-key-do-not-use-in-production" "${BENCH_IMPORT_SIZE:-100000}" "${BENCH_WAIT_OPS:-200}" \
    "${LINKOPS_IMPORT_PARTITIONS:-12}" "linkops.connection-imports" "$BENCH_DIR/gc.log"
