package dev.rpc.core.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue of the default executor's workers, where a worker that runs out of calls first polls for
 * the next one for a short while before it sleeps. A call that arrives meanwhile is taken at once, without a
 * thread wake-up (tens of microseconds on a many-core machine, about as long as a short call). At most
 * {@link #MAX_SPINNERS} workers poll at a time, so an idle pool keeps nearly every worker asleep and costs at
 * most that many processors for one spin time after its last call.
 */
final class SpinningTaskQueue extends LinkedBlockingQueue<Runnable> {

    static final int MAX_SPINNERS = 2;

    private static final long serialVersionUID = 1L;

    private final long spinNanos;

    private final AtomicInteger spinners = new AtomicInteger();

    SpinningTaskQueue(int capacity, long spinNanos) {
        super(capacity);
        this.spinNanos = spinNanos;
    }

    @Override
    public Runnable take() throws InterruptedException {
        Runnable task = spinForTask(spinNanos);
        return task != null ? task : super.take();
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        Runnable task = spinForTask(Math.min(spinNanos, unit.toNanos(timeout)));
        return task != null ? task : super.poll(timeout, unit);
    }

    private Runnable spinForTask(long nanos) {
        Runnable task = poll();
        if (task != null || nanos <= 0 || spinners.get() >= MAX_SPINNERS) {
            return task;
        }
        if (spinners.incrementAndGet() > MAX_SPINNERS) {
            spinners.decrementAndGet();
            return null;
        }
        try {
            long start = System.nanoTime();
            do {
                Thread.onSpinWait();
                task = poll();
            }
            while (task == null && System.nanoTime() - start < nanos && !Thread.currentThread().isInterrupted());
            return task;
        }
        finally {
            spinners.decrementAndGet();
        }
    }
}
