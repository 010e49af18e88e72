package dev.rpc.spring.boot.client;

import dev.rpc.core.protocol.RpcException;
import dev.rpc.core.protocol.RpcStatus;

/**
 * What a failed call means for the remote method: did it run? Derived from the failure alone, so an
 * {@code AsyncUncaughtExceptionHandler} can decide whether a callback-mode call may be sent again.
 */
public enum CallFailureKind {

    /** The call never reached a server that could take it (no connection, or the server is shutting down): it did not run. Safe to retry. */
    NOT_DELIVERED,
    /** A server received the call and refused it before running it (unknown service or method, bad arguments, overload): it did not run. Retrying unchanged fails again. */
    REJECTED,
    /** The method ran and threw: a declared business exception, or an {@link RpcStatus#APPLICATION_ERROR}. */
    EXECUTED_AND_FAILED,
    /** The call was sent and no answer came (timeout, connection lost): the method may or may not have run. Retry only idempotent methods. */
    OUTCOME_UNKNOWN;

    /** Classifies a failure of a remote call: an {@link RpcException}, or a declared exception thrown by the service. */
    public static CallFailureKind of(Throwable failure) {
        if (!(failure instanceof RpcException rpc)) {
            return EXECUTED_AND_FAILED;
        }
        return switch (rpc.executionState()) {
            case EXECUTED -> EXECUTED_AND_FAILED;
            case UNKNOWN -> OUTCOME_UNKNOWN;
            case NOT_EXECUTED -> rpc.status() == RpcStatus.UNAVAILABLE ? NOT_DELIVERED : REJECTED;
        };
    }

    /** Returns whether the method may have run: false only when it certainly did not. */
    public boolean mayHaveRun() {
        return this == EXECUTED_AND_FAILED || this == OUTCOME_UNKNOWN;
    }

    /** Returns the kind in words, for logs. */
    public String describe() {
        return switch (this) {
            case NOT_DELIVERED -> "never delivered, the method did not run";
            case REJECTED -> "rejected by the server, the method did not run";
            case EXECUTED_AND_FAILED -> "the method ran and threw";
            case OUTCOME_UNKNOWN -> "no answer, the method may or may not have run";
        };
    }
}
