package dev.rpc.core.internal.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;

/**
 * Hands items from any thread to one event loop in batches: the first item of a batch schedules a
 * single task, which processes every item queued by then and ends with one flush. Under load, many
 * replies or calls share one task wake-up and one {@code write} syscall instead of one each.
 *
 * @param <T> the item type
 */
public final class OutboundBatcher<T> {

    private static final int MAX_BATCH = 256;

    private final EventLoop eventLoop;

    private final Consumer<T> onEventLoop;

    private final Runnable afterBatch;

    private final Consumer<T> onRejected;

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean scheduled = new AtomicBoolean();

    private final Runnable drain = this::drain;

    private volatile boolean closed;

    /**
     * Creates a batcher.
     * @param eventLoop the loop that processes items
     * @param onEventLoop processes one item, on the loop; must not throw
     * @param afterBatch runs once after each batch, on the loop (typically a flush)
     * @param onRejected disposes of an item when the loop has shut down, on the submitting thread
     */
    public OutboundBatcher(EventLoop eventLoop, Consumer<T> onEventLoop, Runnable afterBatch, Consumer<T> onRejected) {
        this.eventLoop = eventLoop;
        this.onEventLoop = onEventLoop;
        this.afterBatch = afterBatch;
        this.onRejected = onRejected;
    }

    /**
     * Queues an item; it is processed on the event loop, after the items queued before it, or disposed of
     * with {@code onRejected} if the batcher is closed or the loop has shut down.
     */
    public void submit(T item) {
        if (closed) {
            onRejected.accept(item);
            return;
        }
        queue.add(item);
        if (closed) {
            rejectQueued(); // closed meanwhile: the loop may never drain again
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(drain);
            }
            catch (RejectedExecutionException ex) {
                rejectQueued();
            }
        }
    }

    /**
     * Refuses items from now on and disposes of those still queued, whose drain task may never run (the
     * connection is gone, or the loop is shutting down). Idempotent; thread-safe.
     */
    public void close() {
        closed = true;
        rejectQueued();
    }

    private void rejectQueued() {
        T rejected;
        while ((rejected = queue.poll()) != null) {
            onRejected.accept(rejected);
        }
    }

    /**
     * Processes the items queued so far now, on the event loop, instead of in the task already scheduled;
     * for a caller that must know they were written before it goes on (such as before closing).
     */
    public void drainNow() {
        drain();
    }

    private void drain() {
        scheduled.set(false);
        if (closed) {
            rejectQueued();
            return;
        }
        int processed = 0;
        T item;
        while ((item = queue.poll()) != null) {
            onEventLoop.accept(item);
            if (++processed == MAX_BATCH) {
                afterBatch.run();
                processed = 0;
            }
        }
        if (processed > 0) {
            afterBatch.run();
        }
    }
}
