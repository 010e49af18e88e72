package dev.rpc.discovery.zookeeper;

import java.time.Duration;
import java.util.Map;

import dev.rpc.core.discovery.ServiceInstance;

import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;

/** One provider process of a test: its own ZooKeeper discovery (own session) and its own RPC server. */
final class Provider implements AutoCloseable {

    final String name;

    final TallyService service;

    final ZooKeeperServiceDiscovery discovery;

    final RpcServer server;

    private Provider(String name, TallyService service, ZooKeeperServiceDiscovery discovery, RpcServer server) {
        this.name = name;
        this.service = service;
        this.discovery = discovery;
        this.server = server;
    }

    /** Starts a provider whose server registers itself when it listens, as applications do. */
    static Provider start(String name, ZooKeeperDiscoveryOptions options, Ledger ledger) {
        return start(name, options, ledger, true);
    }

    /**
     * Starts a provider that the test registers itself, so that even {@link RpcServer#shutdown(Duration)} leaves it
     * registered: this provider can {@link #crash()}.
     */
    static Provider startCrashable(String name, ZooKeeperDiscoveryOptions options, Ledger ledger) {
        return start(name, options, ledger, false);
    }

    private static Provider start(String name, ZooKeeperDiscoveryOptions options, Ledger ledger, boolean serverRegisters) {
        TallyService service = new TallyService(name, ledger);
        ZooKeeperServiceDiscovery discovery = ZooKeeperServiceDiscovery.create(options);
        RpcServer server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).ioThreads(1)
                        .advertisedHost("127.0.0.1").shutdownGracePeriod(Duration.ofSeconds(5))
                        .discovery(serverRegisters ? discovery : null).build())
                .export(Tally.class, service)
                .start();
        if (!serverRegisters) {
            discovery.register(new ServiceInstance(Tally.class.getName(), "127.0.0.1", server.port(), Map.of()));
        }
        return new Provider(name, service, discovery, server);
    }

    int port() {
        return server.port();
    }

    int executions() {
        return service.executions.get();
    }

    /** Session id of this provider's ZooKeeper client now. */
    long sessionId() throws Exception {
        return discovery.curator().getZookeeperClient().getZooKeeper().getSessionId();
    }

    /** Graceful: deregisters, drains the calls in flight, closes. */
    void stopGracefully() {
        server.shutdown(Duration.ofSeconds(5));
        discovery.close();
    }

    /**
     * Crashes the RPC server of a {@link #startCrashable} provider: every connection closes at once, calls in flight
     * get no answer, and nothing is deregistered (the ZooKeeper session lives on, as it does for a while after a
     * process dies).
     */
    void crash() {
        server.shutdown(Duration.ZERO);
    }

    /** Closes the ZooKeeper client abruptly, without deregistering: the session ends and ZooKeeper drops the entry. */
    void endSession() {
        discovery.curator().close();
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
        discovery.close();
    }

    @Override
    public String toString() {
        return name + "@" + port();
    }
}
