package dev.rpc.core.serialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;

/**
 * Where Jackson takes the buffers of each parser and generator from: a set kept per platform thread, and a
 * shared pool for virtual threads.
 *
 * <p>Jackson 3's default pool is a {@code ConcurrentLinkedDeque} per factory, taken from and given back to
 * twice per call on each side. Measured on a 16-core machine, its CAS loops and node allocation were 26% of
 * the client's samples and 30% of an event-loop server's. The threads that serialize here are few and long
 * lived (event loops, server workers, the application's callers), so each keeps its own buffers, as Jackson 2
 * did by default. A virtual thread lives for one call: a set of its own would be allocated and dropped every
 * time, so virtual threads share the concurrent pool.
 */
final class ThreadAffineRecyclerPool implements RecyclerPool<BufferRecycler> {

    static final ThreadAffineRecyclerPool INSTANCE = new ThreadAffineRecyclerPool();

    private static final long serialVersionUID = 1L;

    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();

    private final RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.newConcurrentDequePool();

    private ThreadAffineRecyclerPool() {
    }

    @Override
    public BufferRecycler acquirePooled() {
        return poolOfThisThread().acquirePooled();
    }

    @Override
    public BufferRecycler acquireAndLinkPooled() {
        // a recycler from the shared pool is linked to it and goes back there when released; one of a
        // thread stays with its thread
        return poolOfThisThread().acquireAndLinkPooled();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        // never called: Jackson releases a recycler to the pool it was linked to when acquired
    }

    private RecyclerPool<BufferRecycler> poolOfThisThread() {
        return isVirtual(Thread.currentThread()) ? shared : perThread;
    }

    private static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        }
        catch (Throwable ex) {
            return false;
        }
    }

    /** {@code Thread.isVirtual()} from Java 21 on; {@code null} before, when no thread is virtual. */
    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (NoSuchMethodException | IllegalAccessException ex) {
            return null;
        }
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
