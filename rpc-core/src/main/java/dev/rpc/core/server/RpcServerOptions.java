package dev.rpc.core.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.internal.Settings;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.transport.Transport;
import dev.rpc.core.transport.tls.TlsSupport;
import io.netty.handler.ssl.SslContext;

/**
 * Settings of an {@link RpcServer}; build with {@link #builder()}. Immutable, and they own nothing: no thread
 * is started until a server starts, so any number of servers can be created from the same options.
 *
 * @param bindAddress the address to listen on; default {@code 0.0.0.0}, all interfaces (not used by
 *        {@link Transport#IN_JVM}, which opens no socket)
 * @param port the TCP port, or the in-JVM port with {@link Transport#IN_JVM}; default {@value #DEFAULT_PORT},
 *        {@code 0} picks a free one
 * @param transport the socket implementation, or {@link Transport#IN_JVM} to serve only clients of this JVM over
 *        Netty's in-JVM channels; default {@link Transport#AUTO}
 * @param ioThreads event loop threads; default the number of processors
 * @param executor where service methods run; default {@link ServerExecutor#defaults()}. A description: each
 *        server started from these options creates its own workers from it and shuts down only those
 * @param formats the serialization formats accepted; default JSON, Smile and CBOR
 * @param maxFrameSize the largest frame accepted or sent, in bytes; default 8 MiB
 * @param maxHeaderSize the largest header block accepted, in bytes; default 8 KiB
 * @param frameTimeout how long a started frame may stay incomplete before the connection is closed; default 10 s
 * @param idleTimeout how long a connection may stay silent before it is closed; default 60 s
 * @param shutdownGracePeriod how long {@link RpcServer#close()} lets calls in flight finish; default 10 s
 * @param discovery where exported services are registered once the server listens; default none
 * @param advertisedHost the host registered for clients to connect to; default the bind address, or this
 *        machine's first non-loopback address when bound to all interfaces
 * @param instanceMetadata metadata registered with every service, such as weight and zone; default none
 * @param writeBufferHighWaterMark bytes of answers one connection may have waiting to be written before the server
 *        stops reading that connection; it reads again once they drain below half of it. Answers are never
 *        dropped: a peer that does not read its answers only stops being read. Default 1 MiB
 * @param maxConcurrentCallsPerConnection calls of one connection that may be queued or running at once; beyond it
 *        that connection's calls are answered {@code RESOURCE_EXHAUSTED}, not executed, while other connections
 *        are still served. Default {@value #DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION}
 * @param revealServicesOnNotFound whether a NOT_FOUND answer lists the services, or the service's methods, that
 *        this server exports; default {@code false}: the caller gets only the ids it asked for (its own client
 *        knows their names) and the server logs the listing at DEBUG. Turn it on where every caller may know
 *        what the server exports, such as in development
 * @param interceptors see every call, in this order, before its arguments are parsed and when it ends; default none
 * @param interruptOnCancel whether the thread running a call is interrupted when the caller cancels the call; default
 *        {@code false}: the method sees {@link ServerCallContext#isCancelled()} and decides, since an interrupt can
 *        break code that does not expect one (a JDBC driver, a lock); turn it on for methods that wait
 *        interruptibly
 * @param sslContext the server's TLS context, read once per accepted connection (a
 *        {@link dev.rpc.core.transport.tls.ReloadableSslContext} changes the certificate of later connections);
 *        {@code null}, the default, for plaintext. With TLS, a plaintext client's calls are answered
 *        {@code UNAVAILABLE}, not executed, saying that TLS is required
 * @param serialization gives the {@link dev.rpc.core.serialization.Serialization} of each of {@code formats}, once,
 *        when the server is created; default {@code JacksonSerialization.builder().build()}, rpc-core's own Jackson
 *        settings. Set one built with {@link JacksonSerialization#builder()} to add the application's Jackson modules
 *        and settings; clients must read what it writes
 * @param spinWait how long a thread that hands calls on polls for the next one before it sleeps: an event loop
 *        that handed calls to any executor but {@link ServerExecutor#direct()}, for their answers (at most one loop
 *        in eight at a time, and only with the epoll and NIO transports); a worker of {@link ServerExecutor#bounded}
 *        that finished a call, for the next (at most two at a time). Each poll that succeeds saves a thread wake-up, tens
 *        of microseconds on a many-core machine; each that fails costs up to this much processor time. Default zero
 *        (never poll): on 16 cores, {@link #SUGGESTED_SPIN_WAIT} cut the median latency of one caller by 5 to 22%
 *        and added 12 to 29% to the calls of one busy connection, but took 7 to 20% off the calls of 16 busy
 *        connections, whose polling threads took processors from the rest. Turn it on for services with few,
 *        latency-sensitive callers on machines with processors to spare
 */
public record RpcServerOptions(String bindAddress, int port, Transport transport, int ioThreads, ServerExecutor executor,
        List<SerializationFormat> formats, int maxFrameSize, int maxHeaderSize, Duration frameTimeout, Duration idleTimeout,
        Duration shutdownGracePeriod, ServiceDiscovery discovery, String advertisedHost, Map<String, String> instanceMetadata,
        int writeBufferHighWaterMark, int maxConcurrentCallsPerConnection, boolean revealServicesOnNotFound,
        List<ServerInterceptor> interceptors, boolean interruptOnCancel, Supplier<SslContext> sslContext,
        SerializationProvider serialization, Duration spinWait) {

    /** The default port, 9090. */
    public static final int DEFAULT_PORT = 9090;

    /** The default write buffer high water mark of a connection, 1 MiB. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;

    /**
     * The default bound of calls one connection may have queued or running: a quarter of the default executor's
     * queue, so that one connection cannot fill it.
     */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION = 256;

    /** A {@code spinWait} that covers a short call's hand-off and the round trip to its caller: 50 microseconds. */
    public static final Duration SUGGESTED_SPIN_WAIT = Duration.ofNanos(50_000);

    /** Validates the settings. */
    public RpcServerOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(executor, "executor");
        formats = List.copyOf(formats);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("at least one serialization format must be enabled");
        }
        Settings.requireFrameLimits(maxFrameSize, maxHeaderSize);
        Settings.requirePositive(frameTimeout, "frameTimeout");
        Settings.requirePositive(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        instanceMetadata = Map.copyOf(instanceMetadata);
        Settings.requireWriteBufferHighWaterMark(writeBufferHighWaterMark);
        interceptors = List.copyOf(interceptors);
        if (maxConcurrentCallsPerConnection < 1) {
            throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be positive: "
                    + maxConcurrentCallsPerConnection);
        }
        Objects.requireNonNull(spinWait, "spinWait");
        if (spinWait.isNegative() || spinWait.compareTo(Duration.ofMillis(1)) > 0) {
            throw new IllegalArgumentException("spinWait must be within 0..1ms: " + spinWait);
        }
        Objects.requireNonNull(serialization, "serialization");
    }


    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RpcServerOptions}. */
    public static final class Builder {

        private String bindAddress = "0.0.0.0";

        private int port = DEFAULT_PORT;

        private Transport transport = Transport.AUTO;

        private int ioThreads = Runtime.getRuntime().availableProcessors();

        private ServerExecutor executor;

        private List<SerializationFormat> formats = List.of(SerializationFormat.values());

        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;

        private int maxHeaderSize = Protocol.DEFAULT_MAX_HEADER_SIZE;

        private Duration frameTimeout = Duration.ofSeconds(10);

        private Duration idleTimeout = Duration.ofSeconds(60);

        private Duration shutdownGracePeriod = Duration.ofSeconds(10);

        private ServiceDiscovery discovery;

        private String advertisedHost;

        private Map<String, String> instanceMetadata = Map.of();

        private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;

        private int maxConcurrentCallsPerConnection = DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION;
        private boolean revealServicesOnNotFound;

        private List<ServerInterceptor> interceptors = List.of();

        private boolean interruptOnCancel;

        private Supplier<SslContext> sslContext;

        private Duration spinWait = Duration.ZERO;

        private SerializationProvider serialization;

        private Builder() {
        }

        /** Sets the address to listen on. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** Sets the port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets the transport. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** Sets the number of event loop threads. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /** Sets where service methods run; default {@link ServerExecutor#defaults()}. */
        public Builder executor(ServerExecutor executor) {
            this.executor = executor;
            return this;
        }

        /** Sets the accepted serialization formats. */
        public Builder formats(SerializationFormat... formats) {
            this.formats = List.of(formats);
            return this;
        }

        /** Sets the largest frame, in bytes. */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /** Sets the largest header block, in bytes. */
        public Builder maxHeaderSize(int maxHeaderSize) {
            this.maxHeaderSize = maxHeaderSize;
            return this;
        }

        /** Sets how long a started frame may stay incomplete. */
        public Builder frameTimeout(Duration frameTimeout) {
            this.frameTimeout = frameTimeout;
            return this;
        }

        /** Sets how long a connection may stay silent. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Sets how long shutdown lets calls in flight finish. */
        public Builder shutdownGracePeriod(Duration shutdownGracePeriod) {
            this.shutdownGracePeriod = shutdownGracePeriod;
            return this;
        }

        /** Sets where exported services are registered. */
        public Builder discovery(ServiceDiscovery discovery) {
            this.discovery = discovery;
            return this;
        }

        /** Sets the host registered for clients to connect to. */
        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        /** Sets the metadata registered with every service. */
        public Builder instanceMetadata(Map<String, String> instanceMetadata) {
            this.instanceMetadata = instanceMetadata;
            return this;
        }

        /**
         * Sets how many bytes of answers one connection may have waiting to be written before the server stops
         * reading it (it reads again below half of it); default 1 MiB, at least 1024.
         */
        public Builder writeBufferHighWaterMark(int bytes) {
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        /**
         * Sets how many calls of one connection may be queued or running at once; beyond it that connection's
         * calls are refused with {@code RESOURCE_EXHAUSTED}; default {@value #DEFAULT_MAX_CONCURRENT_CALLS_PER_CONNECTION}.
         */
        public Builder maxConcurrentCallsPerConnection(int calls) {
            this.maxConcurrentCallsPerConnection = calls;
            return this;
        }

        /**
         * Sets whether a NOT_FOUND answer lists what this server exports; default {@code false}, which tells a
         * caller nothing it did not send.
         */
        public Builder revealServicesOnNotFound(boolean revealServicesOnNotFound) {
            this.revealServicesOnNotFound = revealServicesOnNotFound;
            return this;
        }

        /** Sets the interceptors every call passes through, first to last; replaces any set before. */
        public Builder interceptors(List<? extends ServerInterceptor> interceptors) {
            this.interceptors = List.copyOf(interceptors);
            return this;
        }

        /** Sets the interceptors every call passes through, first to last; replaces any set before. */
        public Builder interceptors(ServerInterceptor... interceptors) {
            return interceptors(List.of(interceptors));
        }

        /** Sets whether a call's thread is interrupted when its caller cancels it; default {@code false}. */
        public Builder interruptOnCancel(boolean interruptOnCancel) {
            this.interruptOnCancel = interruptOnCancel;
            return this;
        }

        /**
         * Serves TLS with a fixed context; default plaintext.
         * @param sslContext a server context, as {@code SslContextBuilder.forServer(...)} builds it (with
         *        {@code clientAuth(REQUIRE)} for mutual TLS), or {@code null} for plaintext; the caller keeps
         *        ownership of a reference-counted (OpenSSL) context and releases it after the server has stopped
         * @throws IllegalArgumentException if the context is a client context
         */
        public Builder sslContext(SslContext sslContext) {
            if (sslContext != null && sslContext.isClient()) {
                throw new IllegalArgumentException("the SslContext is a client context; build the server's with "
                        + "SslContextBuilder.forServer(...)");
            }
            this.sslContext = sslContext == null ? null : TlsSupport.fixed(sslContext);
            return this;
        }

        /**
         * Serves TLS with a context read once per accepted connection, such as a
         * {@link dev.rpc.core.transport.tls.ReloadableSslContext}; {@code null} for plaintext.
         */
        public Builder sslContext(Supplier<SslContext> sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Sets how long a thread that hands calls on polls for the next one before it sleeps, such as
         * {@link #SUGGESTED_SPIN_WAIT}; default zero, never.
         * @throws IllegalArgumentException when the options are built, if negative or over a millisecond
         */
        public Builder spinWait(Duration spinWait) {
            this.spinWait = spinWait;
            return this;
        }

        /**
         * Sets what gives the serialization of each accepted format, such as
         * {@code JacksonSerialization.builder().customizer(...).build()}; default rpc-core's own Jackson settings.
         */
        public Builder serialization(SerializationProvider serialization) {
            this.serialization = serialization;
            return this;
        }

        /** Returns the options. */
        public RpcServerOptions build() {
            return new RpcServerOptions(bindAddress, port, transport, ioThreads,
                    executor != null ? executor : ServerExecutor.defaults(), formats, maxFrameSize, maxHeaderSize,
                    frameTimeout, idleTimeout, shutdownGracePeriod, discovery, advertisedHost, instanceMetadata,
                    writeBufferHighWaterMark, maxConcurrentCallsPerConnection, revealServicesOnNotFound, interceptors,
                    interruptOnCancel, sslContext,
                    serialization != null ? serialization : JacksonSerialization.builder().build(), spinWait);
        }
    }
}
