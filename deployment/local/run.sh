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

log() { printf '[run.sh] %s\n' "$*" >&2 || true; }

newest_source_is_newer_than() {
    [ -n "$(find pom.xml src -newer "$1" -print -quit 2>/dev/null)" ]
}

APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$APP_JAR" ] || newest_source_is_newer_than "$APP_JAR"; then
    log "building linkops (first run or sources changed)"
    ./mvnw -B -q package -DskipTests
fi
CLASSPATH_FILE="$LOCAL_DIR/classpath.txt"
if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
    ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
fi

STACK_PID=""
APP_PID=""
cleanup() {
    # Keep cleaning up even if whatever read our output (a pipe to tee, a closed terminal) is already gone.
    trap '' PIPE HUP INT TERM
    trap - EXIT
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
        log "stopping linkops"
        kill -TERM "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
        log "stopping local PostgreSQL and Kafka"
        kill -TERM "$STACK_PID" 2>/dev/null || true
        wait "$STACK_PID" 2>/dev/null || true
    fi
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
    log "starting ${STACK_PARTS[*]} (data in $LOCAL_DIR, log in $LOCAL_DIR/stack.log)"
    rm -f "$LOCAL_DIR/ready"
    setsid java -Xmx768m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$ROOT/target/test-classes:$(cat "$CLASSPATH_FILE")" io.linkops.testinfra.LocalStack \
        "$LOCAL_DIR" "${STACK_PARTS[@]}" >"$LOCAL_DIR/stack.log" 2>&1 &
    STACK_PID=$!
    deadline=$((SECONDS + 120))
    until [ -f "$LOCAL_DIR/ready" ]; do
        if ! kill -0 "$STACK_PID" 2>/dev/null; then
            log "local PostgreSQL/Kafka failed to start; last lines of $LOCAL_DIR/stack.log:"
            tail -n 30 "$LOCAL_DIR/stack.log" >&2
            exit 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "local PostgreSQL/Kafka not ready after 120 s; see $LOCAL_DIR/stack.log"
            exit 1
        fi
        sleep 0.5
    done
fi

export QUARKUS_PROFILE="${QUARKUS_PROFILE:-local}"
log "starting linkops on port ${QUARKUS_HTTP_PORT:-8080} (profile $QUARKUS_PROFILE)"
java ${JAVA_OPTS:--Xmx512m} -jar "$APP_JAR" &
APP_PID=$!
wait "$APP_PID"
