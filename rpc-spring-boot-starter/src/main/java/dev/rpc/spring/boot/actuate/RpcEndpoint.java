package dev.rpc.spring.boot.actuate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServer;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code rpc} endpoint: what this application exports (services, their methods with ids and call modes, the
 * server's settings, connections and calls in flight) and what it references (each reference with its address or
 * discovery view, its timeouts per method, and the client's connections per address). It shows nothing secret: no
 * credentials, no metadata values (only their keys). Reading it sends nothing and creates nothing: a client not yet
 * created shows as such.
 */
@Endpoint(id = "rpc")
public class RpcEndpoint {

    private final Supplier<RpcServerLifecycle> server;

    private final RpcClientOptions clientOptions;

    private final Supplier<RpcClient> client;

    private final Supplier<RpcReferenceFactory> references;

    private final CallModeResolver serverModes;

    /**
     * Creates the endpoint.
     * @param server returns the server's lifecycle, or {@code null} in an application that exports nothing
     * @param clientOptions the client's options, or {@code null} without a client
     * @param client returns the client once created, {@code null} before
     * @param references returns the factory of the references, or {@code null}
     * @param serverModes the call modes the application's clients give each method (for the server's listing)
     */
    public RpcEndpoint(Supplier<RpcServerLifecycle> server, RpcClientOptions clientOptions, Supplier<RpcClient> client,
            Supplier<RpcReferenceFactory> references, CallModeResolver serverModes) {
        this.server = server;
        this.clientOptions = clientOptions;
        this.client = client;
        this.references = references;
        this.serverModes = serverModes;
    }

    /** Returns what is exported and referenced now. */
    @ReadOperation
    public RpcDescriptor rpc() {
        RpcServerLifecycle lifecycle = server.get();
        ServerDescriptor serverDescriptor = null;
        if (lifecycle != null) {
            RpcServer running = lifecycle.getServer();
            RpcServer draining = lifecycle.getDrainingServer();
            serverDescriptor = running != null ? ServerDescriber.describe(running, "listening", serverModes)
                    : draining != null ? ServerDescriber.describe(draining, "draining", serverModes)
                    : ServerDescriptor.stopped();
        }
        ClientDescriptor clientDescriptor = clientOptions == null ? null
                : ClientDescriber.describe(clientOptions, client.get(), references.get());
        return new RpcDescriptor(serverDescriptor, clientDescriptor);
    }

    /**
     * What the {@code rpc} endpoint shows.
     * @param server the server, or {@code null} when this application exports nothing
     * @param client the client, or {@code null} without one
     */
    public record RpcDescriptor(ServerDescriptor server, ClientDescriptor client) implements OperationResponseBody {
    }

    /**
     * The server.
     * @param state {@code listening}, {@code draining} or {@code stopped}
     * @param address the address it listens on
     * @param port the port it listens on
     * @param transport the socket implementation
     * @param executor where service methods run
     * @param maxFrameSize the largest frame accepted, in bytes
     * @param maxConcurrentCallsPerConnection the calls one connection may have queued or running
     * @param idleTimeout how long a silent connection stays open
     * @param shutdownGracePeriod how long shutdown lets calls in flight finish
     * @param metadataKeys the keys of the metadata registered in discovery (never their values)
     * @param connections client connections open now
     * @param callsInFlight calls accepted and not answered yet
     * @param queuedCalls calls waiting for a worker
     * @param busyWorkers workers running a call, {@code null} when the executor cannot tell
     * @param refusedCalls calls answered without running, by reason, since the start
     * @param services the exported services
     */
    public record ServerDescriptor(String state, String address, Integer port, String transport, String executor,
            Integer maxFrameSize, Integer maxConcurrentCallsPerConnection, Duration idleTimeout,
            Duration shutdownGracePeriod, List<String> metadataKeys, Integer connections, Integer callsInFlight,
            Integer queuedCalls, Integer busyWorkers, Map<String, Long> refusedCalls, List<ServiceDescriptor> services) {

        static ServerDescriptor stopped() {
            return new ServerDescriptor("stopped", null, null, null, null, null, null, null, null, List.of(), null, null,
                    null, null, Map.of(), List.of());
        }
    }

    /**
     * An exported service.
     * @param name the service name on the wire
     * @param id its id on the wire
     * @param type the interface
     * @param methods its methods
     */
    public record ServiceDescriptor(String name, int id, String type, List<MethodDescriptor> methods) {
    }

    /**
     * A method of a service.
     * @param name its name
     * @param signature its signature, as method keys write it
     * @param id its id on the wire
     * @param mode {@code response}, {@code future} or {@code callback}
     * @param timeout on the client, the timeout its calls get; {@code null} on the server
     * @param idempotent on the client, whether a call lost after it was sent may be retried elsewhere
     */
    public record MethodDescriptor(String name, String signature, int id, String mode, Duration timeout,
            Boolean idempotent) {
    }

    /**
     * The client.
     * @param created whether the client (and its I/O threads) exists yet: it is created on the first reference
     * @param defaultTimeout the timeout of calls whose reference and method set none
     * @param connectTimeout how long a connection attempt may take
     * @param format the serialization of calls
     * @param connectionsPerAddress the connections kept to each server address
     * @param maxAttempts the providers one call may be sent to when it fails over
     * @param discovery whether the client has a service discovery
     * @param openConnections connections open now
     * @param failovers calls that went on to another provider, since the start
     * @param addresses the connections per server address
     * @param references the references whose proxies were created
     */
    public record ClientDescriptor(boolean created, Duration defaultTimeout, Duration connectTimeout, String format,
            int connectionsPerAddress, int maxAttempts, boolean discovery, int openConnections, long failovers,
            List<AddressDescriptor> addresses, List<ReferenceDescriptor> references) {
    }

    /**
     * The client's connections to one server address.
     * @param address {@code host:port}
     * @param connections the connections kept
     * @param open those open now
     * @param reconnects connections opened again after a loss
     * @param failedAttempts connection attempts that failed
     * @param failure why the last attempt failed, while the address is failing; else {@code null}
     */
    public record AddressDescriptor(String address, int connections, int open, long reconnects, long failedAttempts,
            String failure) {
    }

    /**
     * A reference.
     * @param type the interface
     * @param key its key under {@code rpc.client.services}
     * @param service the service name it calls
     * @param address the fixed server, {@code host:port}; {@code null} with discovery
     * @param discovery where the providers are looked up and the providers known now; {@code null} with an address
     * @param timeout the reference's timeout, or {@code null} for the client's default
     * @param inheritDeadline whether calls made while serving a call end by its deadline
     * @param metadataKeys the keys of the metadata sent with every call (never their values)
     * @param methods its methods, with the timeout each one's calls get
     */
    public record ReferenceDescriptor(String type, String key, String service, String address,
            DiscoveryDescriptor discovery, Duration timeout, boolean inheritDeadline, List<String> metadataKeys,
            List<MethodDescriptor> methods) {
    }

    /**
     * A discovered service as the client sees it now.
     * @param location where the providers are looked up, e.g. a ZooKeeper path
     * @param providers the providers known now, {@code host:port}
     */
    public record DiscoveryDescriptor(String location, List<String> providers) {
    }

    static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
