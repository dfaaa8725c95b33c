#!/usr/bin/env bash
# Runs linkops locally in the foreground: builds what is missing, launches a real PostgreSQL and a real
# single-node Kafka broker (data under target/local/) unless LINKOPS_DB_HOST / KAFKA_BOOTSTRAP_SERVERS point at
# existing ones, then runs the service on port 8080 (QUARKUS_HTTP_PORT overrides). Ctrl-C or SIGTERM stops
# everything it started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
LOCAL_DIR="$ROOT/target/local"
mkdir -p "$LOCAL_DIR"

# One run per checkout: a second one must neither rebuild the jar under the first nor share its data directories.
exec 9>"$LOCAL_DIR/run.lock"
if ! flock -n 9; then
    echo "linkops is already running from $ROOT (lock $LOCAL_DIR/run.lock); stop it first." >&2
    exit 1
fi

source "$ROOT/deployment/local/lib.sh"
CLASSPATH_FILE="$LOCAL_DIR/classpath.txt"
ensure_built "$CLASSPATH_FILE"

STACK_PID=""
APP_PID=""
cleanup() {
    # Keep cleaning up even if whatever read our output (a pipe to tee, a closed terminal) is already gone.
    trap '' PIPE HUP INT TERM
    trap - EXIT
    stop_process "$APP_PID" "linkops"
    stop_process "$STACK_PID" "local PostgreSQL and Kafka"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
log "starting linkops on port ${QUARKUS_HTTP_PORT:-8080} (profile $QUARKUS_PROFILE)"
java ${JAVA_OPTS:--Xmx512m} -jar "$APP_JAR" &
APP_PID=$!
wait "$APP_PID"
