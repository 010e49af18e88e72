package dev.rpc.core.client;

/**
 * A call the client made, as its proxy method hands it back: one {@link PendingCall} to a fixed server, or a call to
 * discovered providers across its attempts.
 */
interface OutgoingCall {

    /** Gives the call up: it no longer counts as pending, and the server is told; thread-safe. */
    void abandon();

    /** Returns the callback-mode view of the call's last attempt. */
    CallbackCall asCallbackCall();
}
