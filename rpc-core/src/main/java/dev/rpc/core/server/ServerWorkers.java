package dev.rpc.core.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What one {@link RpcServer} runs service methods on, created from its {@link ServerExecutor} when it starts,
 * and whether that server owns it: {@link #shutdown} stops only an executor created for this server, never
 * one the application passed in.
 */
final class ServerWorkers {

    private final Executor executor;

    private final ExecutorService owned;

    private ServerWorkers(Executor executor, ExecutorService owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /**
     * Workers created for one server, which it shuts down when it stops.
     * @param executor where calls are submitted
     * @param owned what to shut down: {@code executor} itself, or the executor it submits to
     */
    static ServerWorkers owned(Executor executor, ExecutorService owned) {
        return new ServerWorkers(executor, owned);
    }

    /** An executor the application owns: used, never shut down. */
    static ServerWorkers borrowed(Executor executor) {
        return new ServerWorkers(executor, null);
    }

    /** No executor: calls run on the event loop that read them. */
    static ServerWorkers eventLoop() {
        return new ServerWorkers(null, null);
    }

    /** Returns the executor calls are submitted to, or {@code null} to run them on the event loop. */
    Executor executor() {
        return executor;
    }

    /** Returns the calls waiting for a worker: the queue of a {@link ThreadPoolExecutor}, else 0. */
    int queuedCalls() {
        return executor instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }

    /** Returns the workers running a call, for a {@link ThreadPoolExecutor}; else -1, unknown. */
    int busyWorkers() {
        return executor instanceof ThreadPoolExecutor pool ? pool.getActiveCount() : -1;
    }

    /** Stops the executor created for this server, waiting up to {@code timeout} for running calls; else does nothing. */
    void shutdown(Duration timeout) {
        if (owned == null) {
            return;
        }
        owned.shutdown();
        try {
            if (!owned.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                owned.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
