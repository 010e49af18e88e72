package dev.rpc.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.rpc.core.client.AddressConnections;
import dev.rpc.core.client.RpcClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The client's connections, per server address: {@code UP} unless every address it uses is failing (its last
 * connection attempt failed), then {@code DOWN}. One failing address among others is a detail, not a failure: with
 * discovery, calls go to the others. Details: per {@code host:port}, the connections kept, those open, whether it is
 * failing and why. Keep it out of the liveness group: restarting this application does not bring a server back.
 */
public class RpcClientHealthIndicator extends AbstractHealthIndicator {

    private final Supplier<RpcClient> client;

    /**
     * Creates the indicator.
     * @param client returns the client once created, {@code null} before (then the indicator is {@code UP})
     */
    public RpcClientHealthIndicator(Supplier<RpcClient> client) {
        super("RPC client health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RpcClient current = client.get();
        List<AddressConnections> addresses = current == null ? List.of() : current.addresses();
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
        for (AddressConnections address : addresses) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("connections", address.connections());
            state.put("open", address.open());
            state.put("failing", address.isFailing());
            if (address.isFailing()) {
                state.put("failure", address.failure());
                failing++;
            }
            details.put(address.address().getHostString() + ":" + address.address().getPort(), state);
        }
        if (!addresses.isEmpty() && failing == addresses.size()) {
            builder.down();
        }
        else {
            builder.up();
        }
        builder.withDetail("addresses", details);
    }
}
