package dev.rpc.benchmark.workload;

import java.util.concurrent.CompletableFuture;

/**
 * Returns what it gets: the cost measured is the framework's, never the service's; except
 * {@link #blockingEchoAsync}, which blocks its thread first, to measure how a framework serves a service that blocks.
 */
public final class EchoServiceImpl implements EchoService {

    /** How long {@link #blockingEchoAsync} blocks its thread, in milliseconds. */
    public static final int BLOCKING_MILLIS = 1;

    @Override
    public Payload echo(Payload payload) {
        return payload;
    }

    @Override
    public CompletableFuture<Payload> echoAsync(Payload payload) {
        return CompletableFuture.completedFuture(payload);
    }

    @Override
    public CompletableFuture<Payload> blockingEchoAsync(Payload payload) {
        blockLikeADatabaseCall();
        return CompletableFuture.completedFuture(payload);
    }

    /**
     * Blocks the calling thread for {@value #BLOCKING_MILLIS} ms, as a service waiting for its database does (on a
     * virtual thread, the thread parks and its carrier is free). Every contender's blocking service calls this.
     * @throws IllegalStateException if the thread is interrupted (its interrupt status is kept)
     */
    public static void blockLikeADatabaseCall() {
        try {
            Thread.sleep(BLOCKING_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocking", ex);
        }
    }
}
