package dev.rpc.spring.boot.actuate;

import dev.rpc.core.server.RpcServer;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The server's health: {@code UP} while it listens and accepts calls, {@code OUT_OF_SERVICE} while it drains on
 * shutdown (new calls are answered {@code UNAVAILABLE}, calls in flight finish), {@code DOWN} before it starts and
 * once it stopped. Details: {@code state}, {@code port}, {@code connections}, {@code callsInFlight},
 * {@code queuedCalls} and {@code busyWorkers}. A candidate for the readiness group.
 */
public class RpcServerHealthIndicator extends AbstractHealthIndicator {

    private final RpcServerLifecycle lifecycle;

    /**
     * Creates the indicator.
     * @param lifecycle the lifecycle that starts and drains the server
     */
    public RpcServerHealthIndicator(RpcServerLifecycle lifecycle) {
        super("RPC server health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RpcServer running = lifecycle.getServer();
        if (running != null && running.isRunning()) {
            details(builder.up().withDetail("state", "listening"), running);
            return;
        }
        RpcServer draining = lifecycle.getDrainingServer();
        if (draining != null) {
            builder.outOfService().withDetail("state", "draining")
                    .withDetail("callsInFlight", draining.callsInFlight())
                    .withDetail("connections", draining.openConnections());
            return;
        }
        builder.down().withDetail("state", "stopped");
    }

    private static void details(Health.Builder builder, RpcServer server) {
        builder.withDetail("port", server.port())
                .withDetail("connections", server.openConnections())
                .withDetail("callsInFlight", server.callsInFlight())
                .withDetail("queuedCalls", server.queuedCalls());
        int busy = server.busyWorkers();
        if (busy >= 0) {
            builder.withDetail("busyWorkers", busy);
        }
    }
}
