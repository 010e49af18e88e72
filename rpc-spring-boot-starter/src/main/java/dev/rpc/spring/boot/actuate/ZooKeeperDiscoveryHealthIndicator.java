package dev.rpc.spring.boot.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.discovery.zookeeper.ZooKeeperConnectionState;
import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The ZooKeeper discovery's health, from the state of its session:
 *
 * <ul>
 * <li>{@code connected}: {@code UP};
 * <li>{@code suspended} (the connection is lost, the session may still be alive) and {@code read_only} (connected to
 * a server cut off from its quorum): {@code UNKNOWN}, which Boot ranks below {@code UP}, so a short ZooKeeper outage,
 * during which calls go on to the providers last known, does not turn the application's health {@code DOWN};
 * <li>{@code lost} (the session expired, this application's provider entries are gone from ZooKeeper until it is
 * back): {@code DOWN}.
 * </ul>
 *
 * Details: the state, the connect string, the base path, the malformed entries skipped, and the providers known now
 * (the last known ones while disconnected) for each service this application calls through discovery. Keep it out of
 * the liveness group.
 */
public class ZooKeeperDiscoveryHealthIndicator extends AbstractHealthIndicator {

    private final ZooKeeperServiceDiscovery discovery;

    private final Supplier<Collection<String>> discoveredServices;

    /**
     * Creates the indicator.
     * @param discovery the discovery
     * @param discoveredServices the names of the services this application calls through discovery (already watched)
     */
    public ZooKeeperDiscoveryHealthIndicator(ZooKeeperServiceDiscovery discovery,
            Supplier<Collection<String>> discoveredServices) {
        super("ZooKeeper discovery health check failed");
        this.discovery = discovery;
        this.discoveredServices = discoveredServices;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ZooKeeperConnectionState state = discovery.connectionState();
        builder.status(status(state)).withDetail("state", state.name().toLowerCase(Locale.ROOT));
        if (state != ZooKeeperConnectionState.CONNECTED) {
            builder.withDetail("providers", "the last known providers stay in use");
        }
        Map<String, List<String>> services = new TreeMap<>();
        for (String service : discoveredServices.get()) {
            List<String> providers = new ArrayList<>();
            for (ServiceInstance instance : discovery.watch(service).providers()) {
                providers.add(instance.authority());
            }
            services.put(service, providers);
        }
        builder.withDetail("connectString", discovery.options().connectString())
                .withDetail("basePath", discovery.options().basePath())
                .withDetail("skippedEntries", discovery.skippedEntries())
                .withDetail("services", services);
    }

    private static Status status(ZooKeeperConnectionState state) {
        return switch (state) {
            case CONNECTED -> Status.UP;
            case SUSPENDED, READ_ONLY -> Status.UNKNOWN;
            case LOST -> Status.DOWN;
        };
    }
}
