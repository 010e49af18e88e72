package dev.rpc.core.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Where service methods run. Never on a Netty event loop unless {@link #direct()} is chosen on purpose.
 * An executor that is full rejects the call, which is then answered {@code RESOURCE_EXHAUSTED}: calls are
 * never queued without bound.
 */
public final class ServerExecutor {

    /** Default worker threads of {@link #bounded}: 16. */
    public static final int DEFAULT_THREADS = 16;

    /** Default queue capacity of {@link #bounded}: 1024 calls waiting for a worker. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private final Executor executor;

    private final ExecutorService owned;

    private final String description;

    private ServerExecutor(Executor executor, ExecutorService owned, String description) {
        this.executor = executor;
        this.owned = owned;
        this.description = description;
    }

    /** Returns the default: {@link #bounded} with {@value #DEFAULT_THREADS} threads and a queue of {@value #DEFAULT_QUEUE_CAPACITY}. */
    public static ServerExecutor defaults() {
        return bounded(DEFAULT_THREADS, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * A pool of {@code threads} daemon workers, started on demand and stopped after a minute idle, with a
     * queue of {@code queueCapacity} calls.
     */
    public static ServerExecutor bounded(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive: " + threads + ", " + queueCapacity);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new DefaultThreadFactory("rpc-server-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return new ServerExecutor(pool, pool, "bounded(" + threads + " threads, queue " + queueCapacity + ")");
    }

    /**
     * Runs service methods on the event loop that read the call: the fastest option, and only correct for
     * services that never block (they return at once or return a {@code CompletableFuture}).
     */
    public static ServerExecutor direct() {
        return new ServerExecutor(null, null, "direct (on the event loop)");
    }

    /**
     * One virtual thread per call, at most {@code maxConcurrentCalls} at once. Needs Java 21 or later.
     * @throws IllegalStateException on an older Java
     */
    public static ServerExecutor virtualThreads(int maxConcurrentCalls) {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be positive: " + maxConcurrentCalls);
        }
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        Semaphore permits = new Semaphore(maxConcurrentCalls);
        Executor limited = task -> {
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException(maxConcurrentCalls + " calls already running");
            }
            try {
                virtual.execute(() -> {
                    try {
                        task.run();
                    }
                    finally {
                        permits.release();
                    }
                });
            }
            catch (RejectedExecutionException ex) {
                permits.release();
                throw ex;
            }
        };
        return new ServerExecutor(limited, virtual, "virtual threads (at most " + maxConcurrentCalls + " calls)");
    }

    /** Runs service methods on an executor the application owns (and shuts down itself). */
    public static ServerExecutor of(Executor executor) {
        return new ServerExecutor(Objects.requireNonNull(executor, "executor"), null, "custom " + executor);
    }

    /** Returns the executor, or {@code null} for {@link #direct()}. */
    Executor executor() {
        return executor;
    }

    /** Stops the executor this class created, waiting up to {@code timeout} for running calls. */
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

    @Override
    public String toString() {
        return description;
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        try {
            MethodHandle factory = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
            return (ExecutorService) factory.invokeExact();
        }
        catch (NoSuchMethodException | IllegalAccessException ex) {
            throw new IllegalStateException("virtual threads need Java 21 or later; this is Java "
                    + Runtime.version().feature() + ". Use ServerExecutor.bounded(...) instead", ex);
        }
        catch (Throwable ex) {
            throw new IllegalStateException("cannot create a virtual thread executor", ex);
        }
    }
}
