package dev.rpc.core.client;

/** How a proxy method behaves when called. */
public enum CallMode {

    /** Block until the result, an error or the timeout: the mode of a method returning {@code T} or {@code void}. */
    RESPONSE,
    /** Return a {@code CompletableFuture} at once; it completes with the result or the error. No thread waits. */
    FUTURE,
    /**
     * Return at once from a {@code void} method; the server acknowledges once the method has run, and the
     * outcome goes to the {@link CallbackListener}. Never silently dropped.
     */
    CALLBACK
}
