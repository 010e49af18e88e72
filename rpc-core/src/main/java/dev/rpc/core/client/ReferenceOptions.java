package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.rpc.core.internal.Settings;
import dev.rpc.core.transport.tls.ClientTls;

/**
 * Settings of one proxy: where its server is, and its timeouts. Build with {@link #to(String)} for a fixed
 * server, or {@link #discovered()} for providers found by the client's {@link dev.rpc.core.discovery.ServiceDiscovery}.
 * Immutable.
 *
 * <p>Timeout precedence, most specific first: a method's entry in {@link #methodTimeouts()} (by full
 * signature, then by name), then {@link #timeout()}, then the client's
 * {@link RpcClientOptions#defaultTimeout()}.
 *
 * @param address the server, or {@code null} to find providers through discovery
 * @param timeout the timeout of this reference's calls, or {@code null} for the client's default
 * @param methodTimeouts timeouts by method name ({@code reserve}) or signature ({@code reserve(java.lang.String,int)})
 * @param serviceName the service name, or {@code null} for the interface's binary name
 * @param metadata key/value pairs sent with every call
 * @param callbackListener the listener of callback-mode calls, or {@code null} for the client's
 * @param idempotentMethods methods, by name or signature, that may be retried elsewhere even after they may have
 *        run (in addition to those annotated {@link Idempotent})
 * @param inheritDeadline whether a call made while a server serves a call (or in a
 *        {@link dev.rpc.core.context.CallContext} with a deadline) ends by that deadline when it comes before the
 *        call's own timeout; default {@code true}, as in gRPC: a caller that gives up after 2 s gains nothing from
 *        calls made on its behalf that go on for 5 s
 * @param tls how connections to this reference's servers are secured, or {@code null} for the client's
 *        {@link RpcClientOptions#tls()}; references with different settings never share a connection
 */
public record ReferenceOptions(InetSocketAddress address, Duration timeout, Map<String, Duration> methodTimeouts,
        String serviceName, Map<String, String> metadata, CallbackListener callbackListener,
        Set<String> idempotentMethods, boolean inheritDeadline, ClientTls tls) {

    /** Validates the settings. */
    public ReferenceOptions {
        idempotentMethods = Set.copyOf(idempotentMethods);
        if (timeout != null) {
            Settings.requirePositive(timeout, "timeout");
        }
        methodTimeouts = Map.copyOf(methodTimeouts);
        methodTimeouts.forEach((method, value) -> Settings.requirePositive(value, "timeout of " + method));
        metadata = Map.copyOf(metadata);
        metadata.forEach(Settings::requireMetadataEntry);
    }

    /**
     * Starts options for a server at {@code host:port}.
     * @throws IllegalArgumentException if the address is not {@code host:port}
     */
    public static Builder to(String hostAndPort) {
        return new Builder(parseAddress(hostAndPort));
    }

    /** Starts options for a server at an address. */
    public static Builder to(InetSocketAddress address) {
        return new Builder(Objects.requireNonNull(address, "address"));
    }

    /** Starts options for providers found through the client's discovery. */
    public static Builder discovered() {
        return new Builder(null);
    }

    /** Parses {@code host:port}, {@code [ipv6]:port} or {@code ipv6-with-colons:port}, without resolving the host. */
    public static InetSocketAddress parseAddress(String hostAndPort) {
        Objects.requireNonNull(hostAndPort, "address");
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("address '" + hostAndPort + "' must be host:port, e.g. 127.0.0.1:9090");
        }
        String host = hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("address '" + hostAndPort + "' has no numeric port", ex);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address '" + hostAndPort + "' has port " + port + " outside 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Builds {@link ReferenceOptions}. */
    public static final class Builder {

        private final InetSocketAddress address;

        private Duration timeout;

        private final Map<String, Duration> methodTimeouts = new LinkedHashMap<>();

        private String serviceName;

        private final Map<String, String> metadata = new LinkedHashMap<>();

        private CallbackListener callbackListener;

        private final Set<String> idempotentMethods = new LinkedHashSet<>();

        private boolean inheritDeadline = true;

        private ClientTls tls;

        private Builder(InetSocketAddress address) {
            this.address = address;
        }

        /** Sets the timeout of this reference's calls. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets the timeout of a method, by name or full signature. */
        public Builder methodTimeout(String method, Duration timeout) {
            this.methodTimeouts.put(method, timeout);
            return this;
        }

        /** Sets the service name, when the server exports the interface under another name. */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** Adds metadata sent with every call. */
        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        /** Sets the listener of this reference's callback-mode calls. */
        public Builder callbackListener(CallbackListener callbackListener) {
            this.callbackListener = callbackListener;
            return this;
        }

        /** Declares a method, by name or signature, idempotent: see {@link Idempotent}. */
        public Builder idempotent(String method) {
            this.idempotentMethods.add(method);
            return this;
        }

        /**
         * Sets whether calls made while serving a call end by that call's deadline when it comes first; default
         * {@code true}. Turn it off for a call that must complete even when its caller gave up (say, releasing a
         * reservation).
         */
        public Builder inheritDeadline(boolean inheritDeadline) {
            this.inheritDeadline = inheritDeadline;
            return this;
        }

        /**
         * Secures this reference's connections otherwise than the client's default: another context, another
         * expected server name, or {@link ClientTls#PLAINTEXT}; {@code null} for the client's.
         */
        public Builder tls(ClientTls tls) {
            this.tls = tls;
            return this;
        }

        /** Returns the options. */
        public ReferenceOptions build() {
            return new ReferenceOptions(address, timeout, methodTimeouts, serviceName, metadata, callbackListener,
                    idempotentMethods, inheritDeadline, tls);
        }
    }
}
