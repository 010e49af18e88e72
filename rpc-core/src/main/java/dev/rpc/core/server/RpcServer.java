package dev.rpc.core.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.discovery.Registration;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.internal.Settings;
import dev.rpc.core.internal.codec.FrameDecoder;
import dev.rpc.core.internal.transport.AnswerSpin;
import dev.rpc.core.internal.transport.ByteCountingHandler;
import dev.rpc.core.internal.transport.ByteCounts;
import dev.rpc.core.internal.transport.EventLoops;
import dev.rpc.core.internal.transport.InJvmPorts;
import dev.rpc.core.serialization.Serialization;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.core.transport.tls.TlsSupport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves exported service implementations over the protocol in {@code docs/PROTOCOL.md}.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.create(RpcServerOptions.builder().port(9090).build())
 *         .export(InventoryService.class, new DefaultInventoryService())
 *         .start();
 * ...
 * server.close(); // GOAWAY, drain calls in flight, then close
 * }</pre>
 *
 * Services are exported before {@link #start()}. Thread-safe once started.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RpcServer.class);

    /** How many in-JVM ports a server asking for port 0 tries before giving up: only taken ones fail. */
    private static final int IN_JVM_BIND_ATTEMPTS = 1000;

    private final RpcServerOptions options;

    private final ServiceRegistry registry;

    private final ServerActivity activity = new ServerActivity();

    private final ByteCounts bytes = new ByteCounts();



    private final ChannelGroup connections = new DefaultChannelGroup("rpc-server-connections", GlobalEventExecutor.INSTANCE);

    private volatile State state = State.NEW;

    private EventLoops loops;

    private EventLoopGroup eventLoops;

    private volatile ServerWorkers workers;

    private Channel listener;

    private final List<Registration> registrations = new ArrayList<>();

    private RpcServer(RpcServerOptions options) {
        this.options = options;
        List<Serialization> serializations = new ArrayList<>();
        for (SerializationFormat format : options.formats()) {
            serializations.add(SerializationProvider.require(options.serialization(), format));
        }
        this.registry = new ServiceRegistry(serializations, options.revealServicesOnNotFound());
    }

    /** Creates a server that is not started yet. */
    public static RpcServer create(RpcServerOptions options) {
        return new RpcServer(Objects.requireNonNull(options, "options"));
    }

    /**
     * Exports an implementation under its interface's name.
     * @throws IllegalArgumentException if the interface cannot be remote or is exported already
     * @throws IllegalStateException if the server was started
     */
    public <T> RpcServer export(Class<T> serviceInterface, T implementation) {
        return export(ServiceDescriptor.of(serviceInterface), implementation);
    }

    /**
     * Exports an implementation under a service descriptor (which may carry a custom service name).
     * @throws IllegalArgumentException if the service is exported already
     * @throws IllegalStateException if the server was started
     */
    public RpcServer export(ServiceDescriptor service, Object implementation) {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("export services before start(); " + service.name() + " was exported late");
            }
            registry.export(service, implementation);
        }
        return this;
    }

    /**
     * Creates the server's event loops and, from {@link RpcServerOptions#executor()}, the executor its service
     * methods run on (unless the application supplied one), binds the listener and starts serving. What is
     * created here is shut down by {@link #shutdown(Duration)}; the options are left as they were, so another
     * server can be started from them.
     * @throws RpcServerBindException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public synchronized RpcServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server already " + state.name().toLowerCase());
        }
        loops = EventLoops.select(options.transport());
        workers = options.executor().createWorkers(options.spinWait());
        Executor executor = workers.executor();
        eventLoops = executor == null || options.spinWait().isZero()
                ? loops.newGroup(options.ioThreads(), "rpc-server-io")
                : loops.newGroup(options.ioThreads(), "rpc-server-io", AnswerSpin.strategies(options.spinWait().toNanos(),
                        Math.max(1, options.ioThreads() / 8)));
        ServerBootstrap bootstrap = loops.serverBootstrap()
                .group(eventLoops)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Settings.waterMarks(options.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        activity.connectionOpened();
                        channel.closeFuture().addListener(closed -> activity.connectionClosed());
                        channel.pipeline().addLast(
                                new IdleStateHandler(options.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new ByteCountingHandler(bytes),
                                new FrameDecoder(options.maxFrameSize(), options.maxHeaderSize(), options.frameTimeout().toMillis()),
                                new ServerConnection(options, activity, registry, executor));
                        TlsSupport.configureServer(channel, options.sslContext());
                        if (state != State.STARTED) {
                            channel.pipeline().get(ServerConnection.class).goAway("server is shutting down");
                        }
                    }
                });
        ChannelFuture bound = loops.inJvm() ? bindInJvm(bootstrap) : bootstrap.bind(tcpAddress()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdown(Duration.ZERO);
            state = State.CLOSED;
            throw new RpcServerBindException(tcpAddress(), bound.cause());
        }
        listener = bound.channel();
        state = State.STARTED;
        register();
        logger.info("RPC server listening on {} ({}, executor {}), exporting {}", localAddress(), loops.transport(),
                options.executor(), registry.services());
        return this;
    }

    private InetSocketAddress tcpAddress() {
        return new InetSocketAddress(options.bindAddress(), options.port());
    }

    /** Binds the in-JVM port of the options, or for port 0 the first free one handed out. */
    private ChannelFuture bindInJvm(ServerBootstrap bootstrap) {
        if (options.port() != 0) {
            return bootstrap.bind(InJvmPorts.address(options.port())).awaitUninterruptibly();
        }
        ChannelFuture bound = null;
        for (int attempt = 0; attempt < IN_JVM_BIND_ATTEMPTS; attempt++) {
            bound = bootstrap.bind(InJvmPorts.address(InJvmPorts.nextCandidate())).awaitUninterruptibly();
            if (bound.isSuccess()) {
                return bound;
            }
        }
        return bound;
    }

    /**
     * Returns the address the server listens on (with the chosen port when {@code port} was 0). With
     * {@link dev.rpc.core.transport.Transport#IN_JVM}, an unresolved address of the bind address and the in-JVM port.
     */
    public InetSocketAddress localAddress() {
        if (listener == null) {
            throw new IllegalStateException("server not started");
        }
        if (listener.localAddress() instanceof LocalAddress inJvm) {
            return InetSocketAddress.createUnresolved(options.bindAddress(), InJvmPorts.port(inJvm));
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** Returns the port the server listens on. */
    public int port() {
        return localAddress().getPort();
    }

    /** Returns the exported services. */
    public Collection<ServiceDescriptor> services() {
        return registry.services();
    }

    /** Returns the options. */
    public RpcServerOptions options() {
        return options;
    }

    /** Returns whether the server is started and not shutting down. */
    public boolean isRunning() {
        return state == State.STARTED;
    }

    /** Returns the number of open client connections. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Returns the bytes of answers written and not yet taken by the peers, over every connection: what peers that
     * read slowly, or not at all, hold of this server's memory. Each connection's share is bounded by about
     * {@link RpcServerOptions#writeBufferHighWaterMark()} plus the answers of the calls it had running.
     */
    public long pendingOutboundBytes() {
        long total = 0;
        for (Channel channel : connections) {
            ServerConnection connection = channel.pipeline().get(ServerConnection.class);
            if (connection != null) {
                total += connection.pendingOutboundBytes();
            }
        }
        return total;
    }

    /** Returns the number of calls accepted and not yet answered. */
    public int callsInFlight() {
        return activity.calls();
    }

    /**
     * Returns the calls waiting for a worker now: the queue of the default {@link ServerExecutor#bounded} executor (or
     * of an application's {@code ThreadPoolExecutor}); 0 for other executors, and before the server starts.
     */
    public int queuedCalls() {
        ServerWorkers current = workers;
        return current == null ? 0 : current.queuedCalls();
    }

    /**
     * Returns the workers running a call now, for the default {@link ServerExecutor#bounded} executor (or an
     * application's {@code ThreadPoolExecutor}); -1 when the executor cannot tell (direct, virtual threads); 0 before
     * the server starts.
     */
    public int busyWorkers() {
        ServerWorkers current = workers;
        return current == null ? 0 : current.busyWorkers();
    }

    /**
     * Returns how many calls were refused for a reason since the server was created: answered without running, before
     * any interceptor saw them. Thread-safe; a monotonic count.
     */
    public long refusedCalls(RefusalReason reason) {
        return activity.refusals(reason);
    }

    /**
     * Returns the bytes of frames received from clients since the server was created, over every connection: counted
     * as each read delivers them, before they are decoded (with TLS, after decryption). Thread-safe; a monotonic count.
     */
    public long bytesReceived() {
        return bytes.received();
    }

    /**
     * Returns the bytes of frames written and flushed to clients since the server was created, over every connection
     * (with TLS, before encryption). Thread-safe; a monotonic count.
     */
    public long bytesSent() {
        return bytes.sent();
    }

    /** Shuts down with the configured grace period; see {@link #shutdown(Duration)}. */
    @Override
    public void close() {
        shutdown(options.shutdownGracePeriod());
    }

    /**
     * Shuts down gracefully: withdraws its registrations, stops accepting connections, sends GOAWAY on every
     * connection (calls arriving later are answered UNAVAILABLE without running), and waits up to
     * {@code gracePeriod} for calls in flight to be answered and for clients to close their connections
     * (a client closes a connection once it has seen GOAWAY and has no call left on it, so no call is cut
     * on the wire); then closes whatever is left and shuts down the event loops and worker threads this server
     * created (never an executor the application supplied with {@link ServerExecutor#of}). Idempotent; blocks
     * until done.
     */
    public void shutdown(Duration gracePeriod) {
        synchronized (this) {
            if (state != State.STARTED) {
                if (state == State.NEW) {
                    state = State.CLOSED;
                }
                return;
            }
            state = State.DRAINING;
        }
        deregister();
        listener.close().awaitUninterruptibly();
        for (Channel connection : connections) {
            ServerConnection handler = connection.pipeline().get(ServerConnection.class);
            if (handler != null) {
                handler.goAway("server is shutting down");
            }
        }
        boolean drained = activity.awaitIdle(gracePeriod);
        if (!drained) {
            logger.warn("RPC server closing with {} calls still running after the grace period of {}",
                    activity.calls(), gracePeriod);
        }
        connections.close().awaitUninterruptibly();
        workers.shutdown(drained ? Duration.ofSeconds(1) : Duration.ZERO);
        eventLoops.shutdownGracefully(loops.closingQuietPeriodMillis(), 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        state = State.CLOSED;
        logger.info("RPC server on {} stopped", listener.localAddress());
    }

    /** Announces every service once the listener is bound, so that no client finds a server not yet serving. */
    private void register() {
        ServiceDiscovery discovery = options.discovery();
        if (discovery == null) {
            return;
        }
        String host = AdvertisedHost.resolve(options.bindAddress(), options.advertisedHost());
        try {
            for (ServiceDescriptor service : registry.services()) {
                registrations.add(discovery.register(new ServiceInstance(service.name(), host, port(),
                        options.instanceMetadata())));
            }
        }
        catch (RuntimeException ex) {
            deregister();
            listener.close().awaitUninterruptibly();
            eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdown(Duration.ZERO);
            state = State.CLOSED;
            throw ex;
        }
    }

    /** Withdraws every registration first on shutdown, so that clients stop picking this server before it drains. */
    private void deregister() {
        for (Registration registration : registrations) {
            registration.close();
        }
        registrations.clear();
    }

    private enum State {
        NEW, STARTED, DRAINING, CLOSED
    }
}
