package dev.rpc.core.server;

import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.rpc.core.context.CallContext;
import dev.rpc.core.context.Cancellation;
import dev.rpc.core.context.ContextKey;
import dev.rpc.core.context.Deadline;
import dev.rpc.core.service.MethodDescriptor;

/**
 * What a service method, and the {@link ServerInterceptor}s before it, can learn about the call being served: the
 * method, the caller's metadata, deadline and address, whether the caller gave up, and values interceptors set.
 * Available through {@link #current()} on the thread that runs the method, while it runs. A method returning a
 * {@code CompletableFuture} that goes on in other threads captures it first ({@code var call =
 * ServerCallContext.current();}) and reads the captured one there.
 *
 * <p>Values are set by interceptors before the method runs and read by the method; the context is not meant to be
 * changed from several threads at once.
 */
public final class ServerCallContext {

    private static final ThreadLocal<ServerCallContext> CURRENT = new ThreadLocal<>();

    private final MethodDescriptor method;

    private final long requestId;

    private final boolean callback;

    private final Map<String, String> metadata;

    private final Deadline deadline;

    private final SocketAddress remoteAddress;

    private final Supplier<List<X509Certificate>> peerCertificates;

    private final Cancellation cancellation;

    private Map<ContextKey<?>, Object> values;

    private CallContext callContext;

    ServerCallContext(MethodDescriptor method, long requestId, boolean callback, Map<String, String> metadata,
            Deadline deadline, SocketAddress remoteAddress, Supplier<List<X509Certificate>> peerCertificates,
            Cancellation cancellation) {
        this.method = method;
        this.requestId = requestId;
        this.callback = callback;
        this.metadata = metadata;
        this.deadline = deadline;
        this.remoteAddress = remoteAddress;
        this.peerCertificates = peerCertificates;
        this.cancellation = cancellation;
    }

    /** Returns the context of the call the current thread is serving, or {@code null} outside a call. */
    public static ServerCallContext current() {
        return CURRENT.get();
    }

    /** Makes a context current, returning the previous one for {@link #restore}. */
    static ServerCallContext attach(ServerCallContext context) {
        ServerCallContext previous = CURRENT.get();
        CURRENT.set(context);
        return previous;
    }

    static void restore(ServerCallContext previous) {
        CURRENT.set(previous); // not remove(): the next call would allocate the thread's map entry again
    }

    /** Returns the method called. */
    public MethodDescriptor method() {
        return method;
    }

    /** Returns the name of the service called. */
    public String service() {
        return method.service().name();
    }

    /** Returns the caller's request id. */
    public long requestId() {
        return requestId;
    }

    /** Returns whether the call is a callback-mode call, answered with an ACK rather than a result. */
    public boolean isCallback() {
        return callback;
    }

    /** Returns the metadata the caller sent; empty, never {@code null}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the address of the caller's end of the connection the call came on. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Returns the certificate chain the caller presented in the TLS handshake (mutual TLS), its own certificate first;
     * empty for a plaintext connection or a caller without a certificate. The handshake verified the chain against the
     * server's trust store; who the certificate names is for an authentication step to decide.
     */
    public List<X509Certificate> peerCertificates() {
        return peerCertificates.get();
    }

    /** Returns the caller's deadline, or {@code null} if it sent none. */
    public Deadline deadline() {
        return deadline;
    }

    /** Returns the nanoseconds left before the caller gives up, or {@link Long#MAX_VALUE} with no deadline. */
    public long remainingNanos() {
        return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Returns whether the caller gave up the call: it cancelled it, its deadline passed on its side, or it closed
     * the connection. A long-running method may check this and stop early; its answer is not needed.
     */
    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Returns the value an interceptor set for {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextKey<T> key) {
        return values == null ? null : (T) values.get(key);
    }

    /** Sets a value for the method to read with {@link #get}; returns this context. */
    public <T> ServerCallContext put(ContextKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (values == null) {
            values = new IdentityHashMap<>(4);
        }
        values.put(key, value);
        return this;
    }

    /**
     * Returns what calls the method makes inherit from this call: its deadline and its cancellation (never its
     * metadata, which was meant for this server).
     */
    public CallContext callContext() {
        if (callContext == null) {
            callContext = CallContext.serving(deadline, cancellation);
        }
        return callContext;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public String toString() {
        return "call " + requestId + " of " + method + " from " + remoteAddress;
    }
}
