package dev.rpc.spring.boot.metrics;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.rpc.core.server.RefusalReason;
import dev.rpc.core.server.RpcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The server's gauges and counters, read from the running {@link RpcServer} when a registry asks (nothing is counted
 * on the call path here): before the server starts and after it stops, gauges read {@code NaN} and counters keep
 * their last value.
 *
 * <ul>
 * <li>{@code rpc.server.connections}: client connections open now;
 * <li>{@code rpc.server.calls.in.flight}: calls accepted and not answered yet (queued or running);
 * <li>{@code rpc.server.calls.queued}: calls waiting for a worker;
 * <li>{@code rpc.server.workers.busy}: workers running a call ({@code NaN} for executors that cannot tell);
 * <li>{@code rpc.server.calls.refused}, tags {@code reason} and {@code rpc.response.status_code}: calls answered
 * without running, before any interceptor saw them;
 * <li>{@code rpc.server.outbound.pending}: bytes of answers written and not yet taken by slow clients;
 * <li>{@code rpc.server.bytes.received}, {@code rpc.server.bytes.sent}: bytes of frames read from and written to
 * clients (with TLS, before encryption).
 * </ul>
 */
public class RpcServerMetrics implements MeterBinder {

    private final Supplier<RpcServer> server;

    private volatile RpcServer lastSeen;

    /**
     * Creates the binder.
     * @param server returns the running server, or {@code null} when there is none
     */
    public RpcServerMetrics(Supplier<RpcServer> server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "rpc.server.connections", "Client connections open now", null, RpcServer::openConnections);
        gauge(registry, "rpc.server.calls.in.flight", "Calls accepted and not answered yet", null,
                RpcServer::callsInFlight);
        gauge(registry, "rpc.server.calls.queued", "Calls waiting for a worker", null, RpcServer::queuedCalls);
        gauge(registry, "rpc.server.workers.busy", "Workers running a call", null, running -> {
            int busy = running.busyWorkers();
            return busy < 0 ? Double.NaN : busy;
        });
        gauge(registry, "rpc.server.outbound.pending", "Bytes of answers not yet taken by clients", BaseUnits.BYTES,
                RpcServer::pendingOutboundBytes);
        bytes(registry, "rpc.server.bytes.received", "Bytes of frames received from clients", RpcServer::bytesReceived);
        bytes(registry, "rpc.server.bytes.sent", "Bytes of frames sent to clients", RpcServer::bytesSent);
        for (RefusalReason reason : RefusalReason.values()) {
            FunctionCounter.builder("rpc.server.calls.refused", this, binder -> binder.refused(reason))
                    .description("Calls answered without running, before any interceptor saw them")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .tag("rpc.response.status_code", reason.status().name())
                    .register(registry);
        }
    }

    private void bytes(MeterRegistry registry, String name, String description, ToLongFunction<RpcServer> total) {
        FunctionCounter.builder(name, this, binder -> {
            RpcServer counted = binder.counted();
            return counted == null ? 0 : total.applyAsLong(counted);
        }).description(description).baseUnit(BaseUnits.BYTES).register(registry);
    }

    private double refused(RefusalReason reason) {
        RpcServer counted = counted();
        return counted == null ? 0 : counted.refusedCalls(reason);
    }

    /** Returns the running server, or the last one seen once it stopped: a counter must not go back to 0. */
    private RpcServer counted() {
        RpcServer running = server.get();
        if (running != null) {
            lastSeen = running;
            return running;
        }
        return lastSeen;
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<RpcServer> value) {
        Gauge.builder(name, this, binder -> {
            RpcServer running = binder.server.get();
            return running == null ? Double.NaN : value.applyAsDouble(running);
        }).description(description).baseUnit(unit).register(registry);
    }
}
