#!/usr/bin/env bash
# Runs linkops locally in the foreground: builds what is missing, launches a real PostgreSQL and a real
# single-node Kafka broker (data under target/local/) unless LINKOPS_DB_HOST / KAFKA_BOOTSTRAP_SERVERS point at
# existing ones, then runs the service on port 8080 (QUARKUS_HTTP_PORT overrides; health, metrics and the OpenAPI
# document on QUARKUS_MANAGEMENT_PORT, 9000). Ctrl-C or SIGTERM stops
# everything it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LOCAL_DIR="$ROOT/target/local"
mkdir -p "$LOCAL_DIR"

source "$ROOT/deployment/local/lib.sh"
hold_lock "$LOCAL_DIR/run.lock" "linkops"
CLASSPATH_FILE="$LOCAL_DIR/classpath.txt"
ensure_built "$CLASSPATH_FILE"

stop_on_exit

STACK_PARTS=()
if [ -z "${LINKOPS_DB_HOST:-}" ]; then
    PG_PORT="${LINKOPS_LOCAL_PG_PORT:-55432}"
    STACK_PARTS+=("postgres=$PG_PORT")
    export LINKOPS_DB_HOST=127.0.0.1 LINKOPS_DB_PORT="$PG_PORT"
    export LINKOPS_DB_NAME=linkops LINKOPS_DB_USERNAME=linkops LINKOPS_DB_PASSWORD=linkops
fi
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    KAFKA_PORT="${LINKOPS_LOCAL_KAFKA_PORT:-59092}"
    STACK_PARTS+=("kafka=$KAFKA_PORT")
    export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
fi

if [ "${#STACK_PARTS[@]}" -gt 0 ]; then
    start_stack "$LOCAL_DIR" "$CLASSPATH_FILE" "${STACK_PARTS[@]}"
fi

export QUARKUS_PROFILE="${QUARKUS_PROFILE:-local}"
log "starting linkops on port ${QUARKUS_HTTP_PORT:-8080}, health and metrics on ${QUARKUS_MANAGEMENT_PORT:-9000} (profile $QUARKUS_PROFILE)"
java ${JAVA_OPTS:--Xmx512m} -jar "$APP_JAR" &
APP_PID=$!
wait "$APP_PID"
