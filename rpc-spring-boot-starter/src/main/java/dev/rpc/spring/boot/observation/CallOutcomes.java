package dev.rpc.spring.boot.observation;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;

/** Reads the status and the error type of a call from the failure it ended with, the same way on both sides. */
final class CallOutcomes {

    /** The {@code error.type} of a call that did not fail. */
    static final String NO_ERROR = "none";

    private CallOutcomes() {
    }

    /** Returns the failure itself, out of the {@code CompletionException} or {@code ExecutionException} around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Returns the status a call ended with: {@code OK} without a failure, the status of an {@link RpcException}, and
     * {@code APPLICATION_ERROR} for any other exception (a declared exception, or what a service method threw).
     */
    static RpcStatus status(Throwable failure) {
        if (failure == null) {
            return RpcStatus.OK;
        }
        Throwable cause = unwrap(failure);
        return cause instanceof RpcException rpc ? rpc.status() : RpcStatus.APPLICATION_ERROR;
    }

    /** Returns {@value #NO_ERROR}, the status of an {@link RpcException}, or the failure's class name. */
    static String errorType(Throwable failure) {
        if (failure == null) {
            return NO_ERROR;
        }
        Throwable cause = unwrap(failure);
        return cause instanceof RpcException rpc ? rpc.status().name() : cause.getClass().getName();
    }
}
