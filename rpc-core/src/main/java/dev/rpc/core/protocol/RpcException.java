package dev.rpc.core.protocol;

import java.util.Objects;

/**
 * A remote call that did not return normally: carries the {@link RpcStatus}, the service and method
 * called, the peer's message and whether the method may have run.
 *
 * <p>An exception the service method declares in its {@code throws} clause is re-thrown as itself, not
 * wrapped in this type; everything else, including undeclared exceptions of the service's own code
 * ({@link RpcStatus#APPLICATION_ERROR}, with the remote class name as text), arrives as an {@code RpcException}.
 */
public class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RpcStatus status;

    private final String service;

    private final String method;

    private final String remoteType;

    private final ExecutionState executionState;

    private final String description;

    private RpcException(RpcStatus status, String service, String method, String message, String remoteType,
            ExecutionState executionState, Throwable cause) {
        super(describe(status, service, method, message, remoteType), cause);
        this.status = Objects.requireNonNull(status, "status");
        this.service = service;
        this.method = method;
        this.remoteType = remoteType;
        this.executionState = Objects.requireNonNull(executionState, "executionState");
        this.description = message == null ? "" : message;
    }

    /**
     * Returns the failure of a call that the client found itself: not sent, timed out, connection lost, refused by
     * a client interceptor.
     * @param status the status, not {@link RpcStatus#OK}
     * @param service the service called
     * @param method the method signature called
     * @param message what happened and, where possible, what to do
     * @param executionState whether the method may have run
     * @param cause a local cause, or {@code null}; never sent on the wire
     */
    public static RpcException ofCall(RpcStatus status, String service, String method, String message,
            ExecutionState executionState, Throwable cause) {
        return new RpcException(status, service, method, message, null, executionState, cause);
    }

    /**
     * Returns the failure a server answered.
     * @param status the status the server sent
     * @param service the service called
     * @param method the method signature called
     * @param message the server's message
     * @param remoteType for {@link RpcStatus#APPLICATION_ERROR}, the remote exception's class name (text only), or
     *        {@code null}
     * @param executionState whether the method ran, as the server said
     */
    public static RpcException answered(RpcStatus status, String service, String method, String message,
            String remoteType, ExecutionState executionState) {
        return new RpcException(status, service, method, message, remoteType, executionState, null);
    }

    /** Creates an exception with no call context; the framework fills it in with {@link #forCall}. */
    public RpcException(RpcStatus status, String message) {
        this(status, null, null, message, null, ExecutionState.NOT_EXECUTED, null);
    }

    /** Creates an exception with no call context and a local cause. */
    public RpcException(RpcStatus status, String message, Throwable cause) {
        this(status, null, null, message, null, ExecutionState.NOT_EXECUTED, cause);
    }

    /** Returns the status code. */
    public RpcStatus status() {
        return status;
    }

    /** Returns the service name, or {@code null} when the failure concerns no single call. */
    public String service() {
        return service;
    }

    /** Returns the method signature, e.g. {@code reserve(java.lang.String,int)}, or {@code null}. */
    public String method() {
        return method;
    }

    /** Returns, for {@link RpcStatus#APPLICATION_ERROR}, the remote exception's class name (text only), else {@code null}. */
    public String remoteType() {
        return remoteType;
    }

    /** Returns whether the method may have run on the server. */
    public ExecutionState executionState() {
        return executionState;
    }

    /** Returns the message without the status and call prefix that {@link #getMessage()} adds. */
    public String description() {
        return description;
    }

    /**
     * Returns a copy of this exception that names the given call, keeping the status, message and cause.
     * @param service the service called
     * @param method the method signature called
     * @param state whether the method may have run
     * @return a new exception
     */
    public RpcException forCall(String service, String method, ExecutionState state) {
        return new RpcException(status, service, method, description, remoteType, state, getCause());
    }

    private static String describe(RpcStatus status, String service, String method, String message, String remoteType) {
        StringBuilder text = new StringBuilder(status.name());
        if (service != null) {
            text.append(" calling ").append(service);
            if (method != null) {
                text.append('.').append(method);
            }
        }
        text.append(": ");
        if (remoteType != null && !remoteType.isEmpty()) {
            text.append(remoteType).append(": ");
        }
        text.append(message == null ? "" : message);
        return text.toString();
    }
}
