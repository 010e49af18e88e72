package dev.rpc.spring.boot.actuate;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.rpc.discovery.zookeeper.ZooKeeperServiceDiscovery;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The ZooKeeper discovery's health: {@code UP} while its ZooKeeper session is connected; {@code DOWN} while it is
 * not (suspended or lost), when clients go on calling the providers they last knew and providers cannot (re)register.
 * Details: the connect string, the base path, the malformed entries skipped, and the providers known now for each
 * service this application calls through discovery. Keep it out of the liveness group.
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
        if (discovery.isConnected()) {
            builder.up().withDetail("state", "connected");
        }
        else {
            builder.down().withDetail("state", "disconnected")
                    .withDetail("providers", "the last known providers stay in use");
        }
        Map<String, Integer> services = new TreeMap<>();
        for (String service : discoveredServices.get()) {
            services.put(service, discovery.watch(service).providers().size());
        }
        builder.withDetail("connectString", discovery.options().connectString())
                .withDetail("basePath", discovery.options().basePath())
                .withDetail("skippedEntries", discovery.skippedEntries())
                .withDetail("services", services);
    }
}
