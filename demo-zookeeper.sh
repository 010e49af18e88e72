#!/usr/bin/env bash
# The demo with service discovery: starts a ZooKeeper server and an inventory server that registers in
# it, then runs the client, which has no server address and finds the server in ZooKeeper. Stops everything
# it started. (One server, because the sample keeps its stock in memory: the tour reads back what it wrote.)
# Needs only a JDK: ZooKeeper runs from the sample-zookeeper module, which the build makes.
#   ./demo-zookeeper.sh          from any directory; also under CI (no stdin needed)
#   DEMO_SKIP_BUILD=1            reuse jars already built
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rpc-demo-zk.XXXXXX")"
PIDS=()
STARTUP_TIMEOUT_SECONDS="${DEMO_STARTUP_TIMEOUT:-60}"

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${DEMO_SKIP_BUILD:-0}" != "1" ]]; then
    echo "Building the sample applications (the first build downloads Maven and the dependencies)..."
    (cd "$ROOT" && ./mvnw -B -q -DskipTests install -pl sample-server-app,sample-client-app,sample-zookeeper -am) </dev/null
fi

SERVER_JAR="$ROOT/sample-server-app/target/sample-server-app-0.1.0-SNAPSHOT.jar"
CLIENT_JAR="$ROOT/sample-client-app/target/sample-client-app-0.1.0-SNAPSHOT.jar"
ZOOKEEPER_JAR="$ROOT/sample-zookeeper/target/sample-zookeeper-0.1.0-SNAPSHOT.jar"

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ZK_PORT=""
for candidate in $(seq 21810 21900); do
    if ! port_in_use "$candidate"; then
        ZK_PORT="$candidate"
        break
    fi
done
[[ -n "$ZK_PORT" ]] || { echo "No free port for ZooKeeper in 21810-21900" >&2; exit 1; }

echo "Starting ZooKeeper on 127.0.0.1:$ZK_PORT..."
mkdir -p "$WORK/zookeeper"
java -Dzookeeper.admin.enableServer=false -jar "$ZOOKEEPER_JAR" "$ZK_PORT" "$WORK/zookeeper" \
    </dev/null >"$WORK/zookeeper.log" 2>&1 &
PIDS+=($!)
for ((i = 0; i < STARTUP_TIMEOUT_SECONDS * 10; i++)); do
    port_in_use "$ZK_PORT" && break
    sleep 0.1
done
port_in_use "$ZK_PORT" || { echo "ZooKeeper did not start:" >&2; cat "$WORK/zookeeper.log" >&2; exit 1; }

ZK="127.0.0.1:$ZK_PORT"
for n in 1; do
    echo "Starting inventory server $n (profile zookeeper, free port)..."
    java -jar "$SERVER_JAR" --spring.profiles.active=zookeeper --rpc.discovery.zookeeper.connect-string="$ZK" \
        --rpc.server.port=0 --rpc.server.address=127.0.0.1 </dev/null >"$WORK/server-$n.log" 2>&1 &
    PIDS+=($!)
done
for n in 1; do
    for ((i = 0; i < STARTUP_TIMEOUT_SECONDS * 10; i++)); do
        grep -q "Inventory server ready on port" "$WORK/server-$n.log" && break
        sleep 0.1
    done
    grep -q "Inventory server ready on port" "$WORK/server-$n.log" || {
        echo "Server $n did not start. Its log:" >&2; cat "$WORK/server-$n.log" >&2; exit 1; }
    echo "Server $n: $(grep -o 'ready on port [0-9]*' "$WORK/server-$n.log")"
done

echo "Running the client (profile zookeeper: no address, the providers come from ZooKeeper)..."
set +e
java -jar "$CLIENT_JAR" --spring.profiles.active=zookeeper --rpc.discovery.zookeeper.connect-string="$ZK" </dev/null
STATUS=$?
set -e

for n in 1; do
    echo
    echo "Server $n log:"
    sed 's/^/   | /' "$WORK/server-$n.log" | grep -v "DEBUG" || true
done
echo
if [[ $STATUS -eq 0 ]]; then
    echo "Demo with ZooKeeper succeeded: the client exited with status 0."
else
    echo "Demo with ZooKeeper FAILED: the client exited with status $STATUS."
fi
exit "$STATUS"
