package dev.rpc.core.discovery;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One provider of a service: where it listens and what it says about itself. Immutable.
 *
 * @param service the service name (by default the interface's binary name)
 * @param host the host or IP address clients connect to
 * @param port the port clients connect to
 * @param metadata free-form attributes, such as {@value #WEIGHT}, {@value #ZONE}, {@value #VERSION} or {@value #GROUP}
 */
public record ServiceInstance(String service, String host, int port, Map<String, String> metadata) {

    /** Metadata key of the instance's relative weight, a positive integer; default 1. */
    public static final String WEIGHT = "weight";

    /** Metadata key of the instance's zone. */
    public static final String ZONE = "zone";

    /** Metadata key of the service version the instance implements. */
    public static final String VERSION = "version";

    /** Metadata key of the instance's group. */
    public static final String GROUP = "group";

    /** Validates the instance. */
    public ServiceInstance {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        if (service.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("service and host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535: " + port);
        }
        metadata = Map.copyOf(metadata);
    }

    /** Returns the address to connect to, unresolved. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Returns the weight from the metadata, or 1 when absent or not a positive integer. */
    public int weight() {
        try {
            int weight = Integer.parseInt(metadata.getOrDefault(WEIGHT, "1"));
            return weight > 0 ? weight : 1;
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }

    /** Returns {@code host:port}. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
