package dev.rpc.core.server;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Where service methods run: a description, immutable and shareable, that {@link RpcServerOptions} holds.
 * Never on a Netty event loop unless {@link #direct()} is chosen on purpose. An executor that is full
 * rejects the call, which is then answered {@code RESOURCE_EXHAUSTED}: calls are never queued without bound.
 *
 * <p>Holding a {@code ServerExecutor} starts no thread. Each {@link RpcServer} creates its own pool from it
 * when it starts and shuts that pool down when it stops, so any number of servers, one after the other or
 * at once, can be built from the same options. An executor the application passes to {@link #of(Executor)}
 * is used as it is and never shut down by a server.
 */
public final class ServerExecutor {

    /** Default worker threads of {@link #bounded}: 16. */
    public static final int DEFAULT_THREADS = 16;

    /** Default queue capacity of {@link #bounded}: 1024 calls waiting for a worker. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private final Function<Duration, ServerWorkers> workers;

    private final String description;

    private ServerExecutor(Function<Duration, ServerWorkers> workers, String description) {
        this.workers = workers;
        this.description = description;
    }

    /** Returns the default: {@link #bounded} with {@value #DEFAULT_THREADS} threads and a queue of {@value #DEFAULT_QUEUE_CAPACITY}. */
    public static ServerExecutor defaults() {
        return bounded(DEFAULT_THREADS, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * A pool of {@code threads} daemon workers, started on demand and stopped after a minute idle, with a
     * queue of {@code queueCapacity} calls. Each server has a pool of its own, created when it starts and
     * shut down when it stops.
     * @throws IllegalArgumentException if a value is not positive
     */
    public static ServerExecutor bounded(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive: " + threads + ", " + queueCapacity);
        }
        return new ServerExecutor(spinWait -> {
            BlockingQueue<Runnable> queue = spinWait.isZero() ? new ArrayBlockingQueue<>(queueCapacity)
                    : new SpinningTaskQueue(queueCapacity, spinWait.toNanos());
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    queue, new DefaultThreadFactory("rpc-server-worker", true),
                    new ThreadPoolExecutor.AbortPolicy());
            pool.allowCoreThreadTimeOut(true);
            return ServerWorkers.owned(pool, pool);
        }, "bounded(" + threads + " threads, queue " + queueCapacity + ")");
    }

    /**
     * Runs service methods on the event loop that read the call: the fastest option, and only correct for
     * services that never block (they return at once or return a {@code CompletableFuture}).
     */
    public static ServerExecutor direct() {
        return new ServerExecutor(spinWait -> ServerWorkers.eventLoop(), "direct (on the event loop)");
    }

    /**
     * One virtual thread per call, at most {@code maxConcurrentCalls} at once, per server. Needs Java 21 or
     * later. Each server creates its virtual thread executor when it starts and shuts it down when it stops.
     * @throws IllegalArgumentException if {@code maxConcurrentCalls} is not positive
     * @throws IllegalStateException on an older Java
     */
    public static ServerExecutor virtualThreads(int maxConcurrentCalls) {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be positive: " + maxConcurrentCalls);
        }
        MethodHandle factory = virtualThreadPerTaskExecutorFactory();
        return new ServerExecutor(spinWait -> limited(newVirtualThreadPerTaskExecutor(factory), maxConcurrentCalls),
                "virtual threads (at most " + maxConcurrentCalls + " calls)");
    }

    /**
     * Runs service methods on an executor the application owns. Servers use it but never shut it down, not
     * even when it is an {@link ExecutorService}: the application shuts it down itself, once every server
     * using it has stopped. One executor may serve several servers. It should reject work it cannot take
     * ({@link RejectedExecutionException}) rather than queue without bound; a rejected call is answered
     * {@code RESOURCE_EXHAUSTED}.
     */
    public static ServerExecutor of(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return new ServerExecutor(spinWait -> ServerWorkers.borrowed(executor), "custom " + executor);
    }

    /**
     * Creates what one server runs calls on; the server shuts it down with {@link ServerWorkers#shutdown}.
     * @param spinWait how long an idle worker of the default pool polls for the next call before it sleeps
     */
    ServerWorkers createWorkers(Duration spinWait) {
        return workers.apply(spinWait);
    }

    @Override
    public String toString() {
        return description;
    }

    private static ServerWorkers limited(ExecutorService virtual, int maxConcurrentCalls) {
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
        return ServerWorkers.owned(limited, virtual);
    }

    private static MethodHandle virtualThreadPerTaskExecutorFactory() {
        try {
            return MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        }
        catch (NoSuchMethodException | IllegalAccessException ex) {
            throw new IllegalStateException("virtual threads need Java 21 or later; this is Java "
                    + Runtime.version().feature() + ". Use ServerExecutor.bounded(...) instead", ex);
        }
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor(MethodHandle factory) {
        try {
            return (ExecutorService) factory.invokeExact();
        }
        catch (Throwable ex) {
            throw new IllegalStateException("cannot create a virtual thread executor", ex);
        }
    }
}
