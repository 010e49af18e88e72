package dev.rpc.core.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.rpc.core.discovery.LoadBalancer;
import dev.rpc.core.discovery.ServiceDiscovery;
import dev.rpc.core.internal.Settings;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.transport.Transport;
import dev.rpc.core.transport.tls.ClientTls;
import io.netty.handler.ssl.SslContext;

/**
 * Settings of an {@link RpcClient}, shared by all its proxies; build with {@link #builder()}. Immutable.
 *
 * @param transport the socket implementation; default {@link Transport#AUTO}. With {@link Transport#IN_JVM} every
 *        address {@code host:port} names the in-JVM server on that port, and no socket is opened
 * @param ioThreads event loop threads; default the number of processors
 * @param format the serialization format of calls; default JSON
 * @param defaultTimeout the timeout of a call when neither its reference nor its method sets one; default 5 s
 * @param connectTimeout how long a connection attempt may take; default 3 s
 * @param reconnectBackoff the wait after a failed connection attempt before the next one (calls fail fast
 *        with UNAVAILABLE meanwhile, and discovered calls go to other providers); doubles on each failure up to
 *        {@code maxReconnectBackoff}; default 100 ms
 * @param maxReconnectBackoff the longest wait between connection attempts; default 5 s
 * @param pingInterval a connection silent this long is probed with PING, and closed after three silent
 *        intervals; default 20 s
 * @param maxFrameSize the largest frame sent or accepted, in bytes; default 8 MiB
 * @param maxHeaderSize the largest header block accepted, in bytes; default 8 KiB
 * @param frameTimeout how long a started frame may stay incomplete; default 10 s
 * @param callModeResolver chooses each method's call mode; default {@link CallModeResolver#DEFAULT}
 * @param callbackListener receives callback-mode outcomes unless a reference sets its own; default {@link CallbackListener#LOGGING}
 * @param discovery finds the providers of references without an address; default none
 * @param loadBalancer picks the provider of each call among discovered ones; default round robin
 * @param maxAttempts how many providers one call may be sent to when it fails over; providers it could not
 *        connect to do not count (the call never left the client), each being tried at most once per call; default 3
 * @param connectionsPerAddress connections opened to each server address, used in turn; more than one
 *        spreads one busy server's traffic over several I/O threads; default 1
 * @param writeBufferHighWaterMark bytes of requests one connection may have waiting to be written; above it (a
 *        server that does not read) new calls on that connection fail at once with {@code RESOURCE_EXHAUSTED}, not
 *        sent, until the requests drain below half of it; default 32 MiB
 * @param interceptors see every call, in this order, before it is sent and when it ends; default none
 * @param tls how connections are secured, unless a reference sets its own; default {@link ClientTls#PLAINTEXT}.
 *        With TLS, a connection attempt ends once the server has answered over TLS; a TLS failure fails the calls
 *        waiting for it with {@code UNAVAILABLE}, not executed, saying what went wrong
 * @param serialization gives the {@link dev.rpc.core.serialization.Serialization} of {@code format}, once, when the
 *        client is created; default {@code JacksonSerialization.builder().build()}, rpc-core's own Jackson settings.
 *        Set one built with {@link JacksonSerialization#builder()} to add the application's Jackson modules and
 *        settings; the server must read what it writes
 */
public record RpcClientOptions(Transport transport, int ioThreads, SerializationFormat format, Duration defaultTimeout,
        Duration connectTimeout, Duration reconnectBackoff, Duration maxReconnectBackoff, Duration pingInterval,
        int maxFrameSize, int maxHeaderSize, Duration frameTimeout, CallModeResolver callModeResolver,
        CallbackListener callbackListener, ServiceDiscovery discovery, LoadBalancer loadBalancer, int maxAttempts,
        int connectionsPerAddress, int writeBufferHighWaterMark, List<ClientInterceptor> interceptors, ClientTls tls,
        SerializationProvider serialization) {

    /** The default write buffer high water mark of a connection, 32 MiB: four requests of the largest default frame. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 32 * 1024 * 1024;

    /** Validates the settings. */
    public RpcClientOptions {
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (connectionsPerAddress < 1) {
            throw new IllegalArgumentException("connectionsPerAddress must be at least 1: " + connectionsPerAddress);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(callModeResolver, "callModeResolver");
        Objects.requireNonNull(callbackListener, "callbackListener");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
        Settings.requirePositive(defaultTimeout, "defaultTimeout");
        Settings.requirePositive(connectTimeout, "connectTimeout");
        Settings.requirePositive(reconnectBackoff, "reconnectBackoff");
        Settings.requirePositive(maxReconnectBackoff, "maxReconnectBackoff");
        Settings.requirePositive(pingInterval, "pingInterval");
        Settings.requirePositive(frameTimeout, "frameTimeout");
        Settings.requireFrameLimits(maxFrameSize, maxHeaderSize);
        Settings.requireWriteBufferHighWaterMark(writeBufferHighWaterMark);
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(serialization, "serialization");
    }

    /** Returns these options with other TLS settings: those of the connections to one server. */
    RpcClientOptions withTls(ClientTls tls) {
        return tls.equals(this.tls) ? this : new RpcClientOptions(transport, ioThreads, format, defaultTimeout,
                connectTimeout, reconnectBackoff, maxReconnectBackoff, pingInterval, maxFrameSize, maxHeaderSize,
                frameTimeout, callModeResolver, callbackListener, discovery, loadBalancer, maxAttempts,
                connectionsPerAddress, writeBufferHighWaterMark, interceptors, tls, serialization);
    }


    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RpcClientOptions}. */
    public static final class Builder {

        private Transport transport = Transport.AUTO;

        private int ioThreads = Runtime.getRuntime().availableProcessors();

        private SerializationFormat format = SerializationFormat.JSON;

        private Duration defaultTimeout = Duration.ofSeconds(5);

        private Duration connectTimeout = Duration.ofSeconds(3);

        private Duration reconnectBackoff = Duration.ofMillis(100);

        private Duration maxReconnectBackoff = Duration.ofSeconds(5);

        private Duration pingInterval = Duration.ofSeconds(20);

        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;

        private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;

        private List<ClientInterceptor> interceptors = List.of();

        private int maxHeaderSize = Protocol.DEFAULT_MAX_HEADER_SIZE;

        private Duration frameTimeout = Duration.ofSeconds(10);

        private CallModeResolver callModeResolver = CallModeResolver.DEFAULT;

        private CallbackListener callbackListener = CallbackListener.LOGGING;

        private ServiceDiscovery discovery;

        private LoadBalancer loadBalancer;

        private int maxAttempts = 3;

        private int connectionsPerAddress = 1;

        private ClientTls tls = ClientTls.PLAINTEXT;

        private SerializationProvider serialization;

        private Builder() {
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

        /** Sets the serialization format of calls. */
        public Builder format(SerializationFormat format) {
            this.format = format;
            return this;
        }

        /** Sets the default call timeout. */
        public Builder defaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
            return this;
        }

        /** Sets the connect timeout. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Sets the first and the longest wait between failed connection attempts. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectBackoff = initial;
            this.maxReconnectBackoff = max;
            return this;
        }

        /** Sets the ping interval. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
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

        /** Sets the call mode resolver. */
        public Builder callModeResolver(CallModeResolver callModeResolver) {
            this.callModeResolver = callModeResolver;
            return this;
        }

        /** Sets the default callback listener. */
        public Builder callbackListener(CallbackListener callbackListener) {
            this.callbackListener = callbackListener;
            return this;
        }

        /** Sets the discovery that finds providers of references without an address. */
        public Builder discovery(ServiceDiscovery discovery) {
            this.discovery = discovery;
            return this;
        }

        /** Sets the load balancer of discovered providers. */
        public Builder loadBalancer(LoadBalancer loadBalancer) {
            this.loadBalancer = loadBalancer;
            return this;
        }

        /** Sets how many providers one call may be sent to; see {@link RpcClientOptions#maxAttempts()}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Sets how many connections are opened to each server address. */
        public Builder connectionsPerAddress(int connectionsPerAddress) {
            this.connectionsPerAddress = connectionsPerAddress;
            return this;
        }

        /**
         * Sets how many bytes of requests one connection may have waiting to be written before new calls on it fail
         * with {@code RESOURCE_EXHAUSTED}; default 32 MiB, at least 1024.
         */
        public Builder writeBufferHighWaterMark(int bytes) {
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        /** Sets the interceptors every call passes through, first to last; replaces any set before. */
        public Builder interceptors(List<? extends ClientInterceptor> interceptors) {
            this.interceptors = List.copyOf(interceptors);
            return this;
        }

        /** Sets the interceptors every call passes through, first to last; replaces any set before. */
        public Builder interceptors(ClientInterceptor... interceptors) {
            return interceptors(List.of(interceptors));
        }

        /** Sets how connections are secured, unless a reference sets its own; default {@link ClientTls#PLAINTEXT}. */
        public Builder tls(ClientTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Connects with TLS from a fixed client context, as {@code SslContextBuilder.forClient()} builds it (with a
         * key manager for mutual TLS); shorthand for {@code tls(ClientTls.of(sslContext))}.
         */
        public Builder sslContext(SslContext sslContext) {
            return tls(ClientTls.of(sslContext));
        }

        /**
         * Sets what gives the serialization of the client's format, such as
         * {@code JacksonSerialization.builder().customizer(...).build()}; default rpc-core's own Jackson settings.
         */
        public Builder serialization(SerializationProvider serialization) {
            this.serialization = serialization;
            return this;
        }

        /** Returns the options. */
        public RpcClientOptions build() {
            return new RpcClientOptions(transport, ioThreads, format, defaultTimeout, connectTimeout, reconnectBackoff,
                    maxReconnectBackoff, pingInterval, maxFrameSize, maxHeaderSize, frameTimeout, callModeResolver,
                    callbackListener, discovery, loadBalancer != null ? loadBalancer : LoadBalancer.roundRobin(),
                    maxAttempts, connectionsPerAddress, writeBufferHighWaterMark, interceptors, tls,
                    serialization != null ? serialization : JacksonSerialization.builder().build());
        }
    }
}
