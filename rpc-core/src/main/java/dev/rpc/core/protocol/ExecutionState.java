package dev.rpc.core.protocol;

/**
 * Whether the remote method ran, as far as the caller can know. Decides whether a failed call may be
 * retried: only a call that certainly did not run is safe to send again when the method is not idempotent.
 */
public enum ExecutionState {

    /** The method certainly did not run: the call was never sent, or the server refused it before starting it. */
    NOT_EXECUTED,
    /** The server started the method (it may have thrown). */
    EXECUTED,
    /** The call was sent but no answer came (timeout, connection lost): the method may or may not have run. */
    UNKNOWN
}
