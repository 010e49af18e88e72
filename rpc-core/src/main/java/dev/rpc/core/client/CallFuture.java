package dev.rpc.core.client;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one call, as a future-mode proxy method returns it: cancelling it gives the call up, which tells the
 * server, with no stage attached to every call to watch for that.
 */
final class CallFuture extends CompletableFuture<Object> {

    private final OutgoingCall call;

    CallFuture(OutgoingCall call) {
        this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            call.abandon();
        }
        return cancelled;
    }
}
