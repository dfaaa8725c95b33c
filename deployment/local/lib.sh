# Shared by run.sh and bench.sh: build what is missing, and launch a persistent PostgreSQL and Kafka broker
# (io.linkops.testinfra.LocalStack from the test classpath). Source it with ROOT set to the project root.

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2 || true; }

# One run per directory: a second one must neither rebuild the jar under the first nor share its data.
hold_lock() {
    local lock_file="$1" what="$2"
    exec 9>"$lock_file"
    if ! flock -n 9; then
        echo "$what is already running from $ROOT (lock $lock_file); stop it first." >&2
        exit 1
    fi
}

# Stops what the script started (APP_PID, then STACK_PID) on exit, Ctrl-C or SIGTERM.
STACK_PID=""
APP_PID=""
cleanup() {
    # Keep cleaning up even if whatever read our output (a pipe to tee, a closed terminal) is already gone.
    trap '' PIPE HUP INT TERM
    trap - EXIT
    stop_process "$APP_PID" "linkops"
    stop_process "$STACK_PID" "local PostgreSQL and Kafka"
}
stop_on_exit() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

newest_source_is_newer_than() {
    [ -n "$(find pom.xml src -newer "$1" -print -quit 2>/dev/null)" ]
}

APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

# Builds the fast-jar (and the test classes that launch the local infrastructure) when sources changed.
ensure_built() {
    local classpath_file="$1"
    if [ ! -f "$APP_JAR" ] || newest_source_is_newer_than "$APP_JAR"; then
        log "building linkops (first run or sources changed)"
        ./mvnw -B -q package -DskipTests
    fi
    if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
        ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
    fi
}

# Starts LocalStack with its data under $1 and the parts that follow (postgres=PORT, kafka=PORT); sets STACK_PID
# and returns once both accept connections.
start_stack() {
    local home="$1" classpath_file="$2"
    shift 2
    log "starting $* (data in $home, log in $home/stack.log)"
    mkdir -p "$home"
    rm -f "$home/ready"
    setsid java -Xmx768m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
        -cp "$ROOT/target/test-classes:$(cat "$classpath_file")" io.linkops.testinfra.LocalStack \
        "$home" "$@" >"$home/stack.log" 2>&1 &
    STACK_PID=$!
    local deadline=$((SECONDS + 120))
    until [ -f "$home/ready" ]; do
        if ! kill -0 "$STACK_PID" 2>/dev/null; then
            log "local PostgreSQL/Kafka failed to start; last lines of $home/stack.log:"
            tail -n 30 "$home/stack.log" >&2
            exit 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "local PostgreSQL/Kafka not ready after 120 s; see $home/stack.log"
            exit 1
        fi
        sleep 0.5
    done
}

# Stops a process we started, politely, and waits for it.
stop_process() {
    local pid="$1" what="$2"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "stopping $what"
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
