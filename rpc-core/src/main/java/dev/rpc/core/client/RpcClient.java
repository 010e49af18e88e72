package dev.rpc.core.client;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.rpc.core.internal.transport.ByteCounts;
import dev.rpc.core.internal.transport.EventLoops;
import dev.rpc.core.protocol.ExecutionState;
import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.Serialization;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.core.transport.tls.ClientTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * Creates proxies of service interfaces whose calls run on remote servers.
 *
 * <pre>{@code
 * RpcClient client = RpcClient.create(RpcClientOptions.builder().defaultTimeout(Duration.ofSeconds(2)).build());
 * InventoryService inventory = client.proxy(InventoryService.class,
 *         ReferenceOptions.to("127.0.0.1:9090").methodTimeout("reserve", Duration.ofSeconds(5)).build());
 * inventory.reserve("sku-1", 2);
 * }</pre>
 *
 * <p>Every proxy of the same address shares one multiplexed connection. Methods block, return a
 * {@code CompletableFuture}, or return at once with the outcome going to a {@link CallbackListener}, as the
 * {@link CallModeResolver} decides. Every call ends: with its result, an error, or its timeout, also when
 * the connection drops or the client is closed. Thread-safe; close it when done.
 */
public final class RpcClient implements AutoCloseable {

    private final RpcClientOptions options;

    private final EventLoops loops;

    private final EventLoopGroup eventLoops;

    private final Serialization serialization;

    private final Map<EndpointKey, Endpoint> endpoints = new ConcurrentHashMap<>();

    private final AtomicLong requestIds = new AtomicLong();

    private final LongAdder failovers = new LongAdder();

    private final ByteCounts bytes = new ByteCounts();

    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;

    private volatile boolean closed;

    private RpcClient(RpcClientOptions options) {
        this.options = options;
        // before any thread starts: a serialization refused as unsafe leaves nothing to shut down
        this.serialization = SerializationProvider.require(options.serialization(), options.format());
        this.loops = EventLoops.select(options.transport());
        this.eventLoops = loops.newGroup(options.ioThreads(), "rpc-client-io");
    }

    /** Creates a client; its I/O threads start now, connections open on first use. */
    public static RpcClient create(RpcClientOptions options) {
        return new RpcClient(Objects.requireNonNull(options, "options"));
    }

    /** Returns the options. */
    public RpcClientOptions options() {
        return options;
    }

    /**
     * Creates a proxy of a service interface.
     * @throws IllegalArgumentException if the interface cannot be remote (the message names the method and
     *         what to change), or a method timeout names no method of it
     * @throws IllegalStateException if the client is closed
     */
    public <T> T proxy(Class<T> serviceInterface, ReferenceOptions reference) {
        return proxy(serviceInterface, reference, new Class<?>[0]);
    }

    /**
     * Creates a proxy that also implements marker interfaces, interfaces without abstract methods, such as
     * a framework's "infrastructure bean" marker.
     * @throws IllegalArgumentException as {@link #proxy(Class, ReferenceOptions)}, or if a marker has an abstract method
     */
    public <T> T proxy(Class<T> serviceInterface, ReferenceOptions reference, Class<?>... markerInterfaces) {
        Objects.requireNonNull(reference, "reference");
        for (Class<?> marker : markerInterfaces) {
            boolean abstractMethod = java.util.Arrays.stream(marker.getMethods())
                    .anyMatch(m -> java.lang.reflect.Modifier.isAbstract(m.getModifiers()));
            if (!marker.isInterface() || abstractMethod) {
                throw new IllegalArgumentException(marker.getName() + " is not a marker interface (no abstract methods)");
            }
        }
        if (closed) {
            throw new IllegalStateException("RpcClient is closed");
        }
        ServiceDescriptor service = reference.serviceName() == null ? ServiceDescriptor.of(serviceInterface)
                : ServiceDescriptor.of(serviceInterface, reference.serviceName());
        checkMethodNames(service, reference.methodTimeouts().keySet(), "A timeout");
        checkMethodNames(service, reference.idempotentMethods(), "Idempotence");
        CallTarget target = target(service, reference);
        Map<Method, ClientMethod> methods = new HashMap<>();
        for (Method method : serviceInterface.getMethods()) {
            MethodDescriptor descriptor = service.method(method);
            if (descriptor != null) {
                methods.put(method, new ClientMethod(descriptor, serialization.forMethod(descriptor),
                        resolveMode(descriptor), reference, options));
            }
        }
        ClientInvocationHandler handler = new ClientInvocationHandler(this, service, target, Map.copyOf(methods));
        return serviceInterface.cast(Proxy.newProxyInstance(serviceInterface.getClassLoader(),
                interfaces(serviceInterface, markerInterfaces), handler));
    }

    /**
     * Returns whether an object is a proxy made by {@link #proxy}, by this client or another: a way for a framework
     * to tell a remote reference from a local implementation of the same interface.
     */
    public static boolean isProxy(Object candidate) {
        return candidate != null && Proxy.isProxyClass(candidate.getClass())
                && Proxy.getInvocationHandler(candidate) instanceof ClientInvocationHandler;
    }

    private static Class<?>[] interfaces(Class<?> serviceInterface, Class<?>[] markers) {
        Class<?>[] all = new Class<?>[markers.length + 1];
        all[0] = serviceInterface;
        System.arraycopy(markers, 0, all, 1, markers.length);
        return all;
    }

    private CallMode resolveMode(MethodDescriptor method) {
        CallMode mode = Objects.requireNonNull(options.callModeResolver().resolve(method), "call mode of " + method);
        if (mode == CallMode.CALLBACK && method.method().getReturnType() != void.class) {
            throw new IllegalArgumentException(method + " is selected for callback mode but returns "
                    + method.method().getGenericReturnType().getTypeName() + "; only void methods can be callback calls");
        }
        if (mode == CallMode.FUTURE && !method.futureResult()) {
            throw new IllegalArgumentException(method + " is selected for future mode but does not return CompletableFuture");
        }
        return mode;
    }

    private CallTarget target(ServiceDescriptor service, ReferenceOptions reference) {
        ClientTls tls = reference.tls() != null ? reference.tls() : options.tls();
        if (reference.address() != null) {
            return new FixedTarget(endpoint(new EndpointKey(reference.address(), tls)));
        }
        if (options.discovery() == null) {
            throw new IllegalArgumentException("The reference to " + service.name() + " has no address and this client "
                    + "has no service discovery: give the reference an address (host:port) or configure discovery");
        }
        return new DiscoveredTarget(service.name(), options.discovery().watch(service.name()), options.loadBalancer(),
                instance -> endpoint(new EndpointKey(instance.address(), tls)));
    }

    private Endpoint endpoint(EndpointKey endpointKey) {
        return endpoints.computeIfAbsent(endpointKey, key -> {
            ClientConnection[] connections = new ClientConnection[options.connectionsPerAddress()];
            for (int i = 0; i < connections.length; i++) {
                connections[i] = new ClientConnection(key.address(), options.withTls(key.tls()), eventLoops.next(), loops,
                        bytes);
            }
            return new Endpoint(key.address(), connections);
        });
    }

    private static void checkMethodNames(ServiceDescriptor service, Set<String> configured, String what) {
        Set<String> known = new HashSet<>();
        for (MethodDescriptor method : service.methods()) {
            known.add(method.name());
            known.add(method.signature());
        }
        for (String name : configured) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(what + " is configured for method '" + name + "', but "
                        + service.name() + " has no such method; its methods: " + service.describeMethods());
            }
        }
    }

    long nextRequestId() {
        if (closed) {
            throw new RpcException(RpcStatus.UNAVAILABLE, "RpcClient is closed; call not sent");
        }
        return requestIds.incrementAndGet();
    }

    ByteBufAllocator allocator() {
        return allocator;
    }

    /** A blocking call on an I/O thread would stall every connection of that thread, or deadlock on its own answer. */
    void checkNotOnEventLoop(ClientMethod method) {
        for (EventExecutor loop : eventLoops) {
            if (loop.inEventLoop()) {
                throw method.failure(RpcStatus.FAILED_PRECONDITION, "blocking call made on an RPC I/O thread (for "
                        + "instance in a CompletableFuture stage that completed there); use the CompletableFuture "
                        + "variant or move the work with thenApplyAsync", ExecutionState.NOT_EXECUTED, null);
            }
        }
    }

    /** Returns the number of endpoints this client has used: server addresses, counted once per TLS setting used with each. */
    public int endpointCount() {
        return endpoints.size();
    }

    /**
     * Returns a snapshot of the connections to each server address this client has used, for monitoring. Reading it
     * takes no lock and sends nothing. Thread-safe.
     */
    public List<AddressConnections> addresses() {
        List<AddressConnections> addresses = new ArrayList<>();
        for (Endpoint endpoint : endpoints.values()) {
            addresses.add(endpoint.state());
        }
        return addresses;
    }

    /** Returns how many connections to servers are open now, over every address. */
    public int openConnections() {
        int open = 0;
        for (Endpoint endpoint : endpoints.values()) {
            open += endpoint.state().open();
        }
        return open;
    }

    /**
     * Returns how many times a call with discovered providers went on to another provider after an attempt failed
     * (see {@link RpcClientOptions#maxAttempts()}), since the client was created. Thread-safe; a monotonic count.
     */
    public long failovers() {
        return failovers.sum();
    }

    void failedOver() {
        failovers.increment();
    }

    /**
     * Returns the bytes of frames received from servers since the client was created, over every connection: counted
     * as each read delivers them, before they are decoded (with TLS, after decryption). Thread-safe; a monotonic count.
     */
    public long bytesReceived() {
        return bytes.received();
    }

    /**
     * Returns the bytes of frames written and flushed to servers since the client was created, over every connection
     * (with TLS, before encryption). Thread-safe; a monotonic count.
     */
    public long bytesSent() {
        return bytes.sent();
    }

    /** Fails every pending call with UNAVAILABLE, closes every connection and stops the I/O threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Endpoint endpoint : endpoints.values()) {
            endpoint.close();
        }
        eventLoops.shutdownGracefully(loops.closingQuietPeriodMillis(), 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
}
