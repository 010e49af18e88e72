#!/usr/bin/env bash
# Builds the sample applications, starts the inventory server on a free port, runs the client against it,
# stops the server, and exits with the client's status. Needs only a JDK (17 or later).
#   ./demo.sh            from any directory; also under CI (no stdin needed)
#   DEMO_SKIP_BUILD=1    reuse jars already built
#   DEMO_PROFILE=secure  run both applications with this Spring profile (what ./demo-secure.sh does)
#   DEMO_AOT=1           run both applications from the code Spring AOT generated at build time
#                        (-Dspring.aot.enabled=true), and fail unless both say they started AOT-processed
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rpc-demo.XXXXXX")"
SERVER_LOG="$WORK/server.log"
SERVER_PID=""
STARTUP_TIMEOUT_SECONDS="${DEMO_STARTUP_TIMEOUT:-60}"
PROFILE_ARGS=()
PROFILE_NOTE=""
if [[ -n "${DEMO_PROFILE:-}" ]]; then
    PROFILE_ARGS=(--spring.profiles.active="$DEMO_PROFILE")
    PROFILE_NOTE=" (profile $DEMO_PROFILE)"
fi
JVM_ARGS=()
CLIENT_AOT_ARGS=()
if [[ "${DEMO_AOT:-0}" == "1" ]]; then
    if [[ -n "${DEMO_PROFILE:-}" ]]; then
        echo "DEMO_AOT runs the default profile only: AOT fixed the beans at build time, without '$DEMO_PROFILE'." >&2
        exit 2
    fi
    JVM_ARGS=(-Dspring.aot.enabled=true)
    # the client logs at WARN; its startup line says whether it runs AOT-processed
    CLIENT_AOT_ARGS=(--logging.level.dev.rpc.sample.client.InventoryClientApplication=info)
    PROFILE_NOTE=" (AOT-processed)"
fi

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${DEMO_SKIP_BUILD:-0}" != "1" ]]; then
    echo "Building the sample applications (the first build downloads Maven and the dependencies)..."
    (cd "$ROOT" && ./mvnw -B -q -DskipTests install -pl sample-server-app,sample-client-app -am) </dev/null
fi

SERVER_JAR="$ROOT/sample-server-app/target/sample-server-app-0.1.0-SNAPSHOT.jar"
CLIENT_JAR="$ROOT/sample-client-app/target/sample-client-app-0.1.0-SNAPSHOT.jar"

echo "Starting the inventory server${PROFILE_NOTE} on a free port..."
java ${JVM_ARGS[@]+"${JVM_ARGS[@]}"} -jar "$SERVER_JAR" ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"} --rpc.server.port=0 --rpc.server.address=127.0.0.1 \
    </dev/null >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

PORT=""
for ((i = 0; i < STARTUP_TIMEOUT_SECONDS * 10; i++)); do
    PORT="$(sed -n 's/.*Inventory server ready on port \([0-9][0-9]*\).*/\1/p' "$SERVER_LOG" | head -n 1)"
    [[ -n "$PORT" ]] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "The server exited before listening. Its log:" >&2
        cat "$SERVER_LOG" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$PORT" ]]; then
    echo "The server did not listen within ${STARTUP_TIMEOUT_SECONDS}s. Its log:" >&2
    cat "$SERVER_LOG" >&2
    exit 1
fi
echo "Server (pid $SERVER_PID) listens on 127.0.0.1:$PORT. Running the client${PROFILE_NOTE}..."

set +e
java ${JVM_ARGS[@]+"${JVM_ARGS[@]}"} -jar "$CLIENT_JAR" ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"} \
    ${CLIENT_AOT_ARGS[@]+"${CLIENT_AOT_ARGS[@]}"} --rpc.client.services.inventory.address="127.0.0.1:$PORT" \
    --rpc.client.services.statistics.address="127.0.0.1:$PORT" </dev/null | tee "$WORK/client.out"
STATUS=${PIPESTATUS[0]}
set -e

if [[ "${DEMO_AOT:-0}" == "1" ]]; then
    for LOG in "$SERVER_LOG" "$WORK/client.out"; do
        if ! grep -q "Starting AOT-processed" "$LOG"; then
            echo "DEMO_AOT=1, but $(basename "$LOG" .log) did not start AOT-processed: was the jar built with process-aot?" >&2
            STATUS=1
        fi
    done
fi

TRACE_ID="$(sed -n 's/.*trace id: \([0-9a-f]*\).*/\1/p' "$WORK/client.out" | head -n 1)"
if [[ -n "$TRACE_ID" ]]; then
    echo
    echo "The server logged the client's call of step 8 under the same trace id ($TRACE_ID):"
    grep "$TRACE_ID" "$SERVER_LOG" | sed 's/^/   | /' || echo "   (not found in the server log)"
fi

echo "Stopping the server (pid $SERVER_PID)..."
kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

echo
echo "Server log:"
sed 's/^/   | /' "$SERVER_LOG"
echo
if [[ $STATUS -eq 0 ]]; then
    echo "Demo${PROFILE_NOTE} succeeded: the client exited with status 0."
else
    echo "Demo${PROFILE_NOTE} FAILED: the client exited with status $STATUS."
fi
exit "$STATUS"
