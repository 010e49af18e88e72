package dev.rpc.spring.boot.metrics;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import dev.rpc.core.client.AddressConnections;
import dev.rpc.core.client.RpcClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The client's gauges and counters, read from the {@link RpcClient} when a registry asks; until the client is created
 * (on the first reference) gauges read {@code NaN} and counters 0.
 *
 * <ul>
 * <li>{@code rpc.client.connections}: connections to servers open now;
 * <li>{@code rpc.client.addresses}: server addresses used; {@code rpc.client.addresses.failing}: those whose last
 * connection attempt failed;
 * <li>{@code rpc.client.reconnects}: connections opened again after a loss;
 * <li>{@code rpc.client.connect.failures}: connection attempts that failed;
 * <li>{@code rpc.client.failovers}: calls that went on to another provider after an attempt failed;
 * <li>{@code rpc.client.bytes.received}, {@code rpc.client.bytes.sent}: bytes of frames read from and written to
 * servers (with TLS, before encryption).
 * </ul>
 */
public class RpcClientMetrics implements MeterBinder {

    private final Supplier<RpcClient> client;

    /**
     * Creates the binder.
     * @param client returns the client once it is created, {@code null} before
     */
    public RpcClientMetrics(Supplier<RpcClient> client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "rpc.client.connections", "Connections to servers open now", RpcClient::openConnections);
        gauge(registry, "rpc.client.addresses", "Server addresses used", RpcClient::endpointCount);
        gauge(registry, "rpc.client.addresses.failing", "Server addresses whose last connection attempt failed",
                current -> current.addresses().stream().filter(AddressConnections::isFailing).count());
        counter(registry, "rpc.client.reconnects", "Connections opened again after a loss",
                current -> current.addresses().stream().mapToLong(AddressConnections::reconnects).sum());
        counter(registry, "rpc.client.connect.failures", "Connection attempts that failed",
                current -> current.addresses().stream().mapToLong(AddressConnections::failedAttempts).sum());
        counter(registry, "rpc.client.failovers", "Calls that went on to another provider after an attempt failed",
                RpcClient::failovers);
        bytes(registry, "rpc.client.bytes.received", "Bytes of frames received from servers", RpcClient::bytesReceived);
        bytes(registry, "rpc.client.bytes.sent", "Bytes of frames sent to servers", RpcClient::bytesSent);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<RpcClient> value) {
        Gauge.builder(name, this, binder -> {
            RpcClient current = binder.client.get();
            return current == null ? Double.NaN : value.applyAsDouble(current);
        }).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<RpcClient> value) {
        counterBuilder(name, description, value).register(registry);
    }

    private void bytes(MeterRegistry registry, String name, String description, ToLongFunction<RpcClient> total) {
        counterBuilder(name, description, total::applyAsLong).baseUnit(BaseUnits.BYTES).register(registry);
    }

    private FunctionCounter.Builder<RpcClientMetrics> counterBuilder(String name, String description,
            ToDoubleFunction<RpcClient> value) {
        return FunctionCounter.builder(name, this, binder -> {
            RpcClient current = binder.client.get();
            return current == null ? 0 : value.applyAsDouble(current);
        }).description(description);
    }
}
