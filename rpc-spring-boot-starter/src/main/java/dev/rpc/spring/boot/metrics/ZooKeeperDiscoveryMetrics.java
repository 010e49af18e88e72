package dev.rpc.spring.boot.metrics;

import java.util.Locale;

import dev.rpc.discovery.zookeeper.DiscoveryEvent;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The ZooKeeper discovery's gauge and counters, each tagged {@code rpc.discovery.system=zookeeper}:
 *
 * <ul>
 * <li>{@code rpc.discovery.connected}: 1 while the ZooKeeper session is connected, else 0 (clients then use the last
 * providers they knew);
 * <li>{@code rpc.discovery.entries.skipped}: provider entries read from ZooKeeper that were malformed and skipped;
 * <li>{@code rpc.discovery.events}, tag {@code type}: {@code provider_added}, {@code provider_removed} (in the views of
 * the services this application watches), {@code session_suspended}, {@code session_lost},
 * {@code session_reconnected}.
 * </ul>
 */
public class ZooKeeperDiscoveryMetrics implements MeterBinder {

    private final ZooKeeperServiceDiscovery discovery;

    /**
     * Creates the binder.
     * @param discovery the discovery observed
     */
    public ZooKeeperDiscoveryMetrics(ZooKeeperServiceDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("rpc.discovery.connected", discovery, current -> current.isConnected() ? 1 : 0)
                .description("1 while connected to ZooKeeper, else 0 (the last known providers stay in use)")
                .tag("rpc.discovery.system", "zookeeper")
                .register(registry);
        FunctionCounter.builder("rpc.discovery.entries.skipped", discovery, ZooKeeperServiceDiscovery::skippedEntries)
                .description("Provider entries read from ZooKeeper that were malformed and skipped")
                .tag("rpc.discovery.system", "zookeeper")
                .register(registry);
        for (DiscoveryEvent event : DiscoveryEvent.values()) {
            FunctionCounter.builder("rpc.discovery.events", discovery, current -> current.events(event))
                    .description("Providers added to and removed from the watched services, and ZooKeeper session changes")
                    .tag("rpc.discovery.system", "zookeeper")
                    .tag("type", event.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
