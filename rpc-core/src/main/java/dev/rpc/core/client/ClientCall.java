package dev.rpc.core.client;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

import dev.rpc.core.context.Deadline;
import dev.rpc.core.service.MethodDescriptor;

/**
 * One call as {@link ClientInterceptor}s see it: the method, its arguments, its mode, its deadline and the metadata
 * it will send. The metadata map may be changed by interceptors before the call is sent; everything else is fixed.
 * Not thread-safe: handle it on the calling thread, before {@code next.proceed}.
 */
public final class ClientCall {

    private final MethodDescriptor method;

    private final Object[] arguments;

    private final CallMode mode;

    private final Deadline deadline;

    private final Map<String, String> metadata;

    private volatile PendingCall attempt;

    private volatile InetSocketAddress server;

    ClientCall(MethodDescriptor method, Object[] arguments, CallMode mode, Deadline deadline, Map<String, String> metadata) {
        this.method = method;
        this.arguments = arguments == null ? new Object[0] : arguments;
        this.mode = mode;
        this.deadline = deadline;
        this.metadata = metadata;
    }

    /** Returns the method called. */
    public MethodDescriptor method() {
        return method;
    }

    /** Returns a copy of the arguments. */
    public Object[] arguments() {
        return Arrays.copyOf(arguments, arguments.length);
    }

    /** Returns the call mode. */
    public CallMode mode() {
        return mode;
    }

    /** Returns the deadline the call must meet: its own timeout, or the caller's deadline if that comes first. */
    public Deadline deadline() {
        return deadline;
    }

    /**
     * Returns the metadata the call sends: the proxy's, then the {@link dev.rpc.core.context.CallContext}'s; mutable
     * until the call is sent. Keys have 1 to 255 UTF-8 bytes, values at most 65535.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the request id of the call's last attempt, or 0 before it is sent. */
    public long requestId() {
        PendingCall last = attempt;
        return last == null ? 0 : last.requestId;
    }

    /** Returns the server of the call's last attempt, or {@code null} before it is sent. */
    public InetSocketAddress server() {
        return server;
    }

    Object[] argumentsUnsafe() {
        return arguments;
    }

    void sentTo(PendingCall attempt, InetSocketAddress server) {
        this.attempt = attempt;
        this.server = server;
    }

    /** Gives up the call's last attempt, if it was sent. */
    void abandon() {
        PendingCall last = attempt;
        if (last != null) {
            last.abandon();
        }
    }

    @Override
    public String toString() {
        return method + " (" + mode + ")";
    }
}
