package dev.rpc.test.leak;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a {@code ByteBuf} it allocated was garbage-collected without being
 * released. Registered for every test class through JUnit's extension auto-detection.
 *
 * <p>Netty reports a leak only when it notices, on a later allocation, that a tracked buffer was
 * collected; so after the class has run this forces a few collections and allocations, then
 * fails with every report recorded.
 */
public final class FailOnLeakExtension implements AfterAllCallback {

    private static final int COLLECTION_ROUNDS = 3;

    private static final long REFERENCE_PROCESSING_TIMEOUT_MILLIS = 10_000;

    @Override
    public void afterAll(ExtensionContext context) {
        if (!LeakRecorder.isInstalled()) {
            throw new IllegalStateException("Leak recorder not installed: the JUnit launcher did not load "
                    + LeakDetectionSessionListener.class.getName());
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("Tests must run with -Dio.netty.leakDetection.level=paranoid, found "
                    + ResourceLeakDetector.getLevel());
        }
        for (int i = 0; i < COLLECTION_ROUNDS; i++) {
            collectGarbageAndAwaitReferenceProcessing();
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
            ByteBuf heapProbe = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1);
            heapProbe.release();
            LeakRecorder.probeAll();
        }
        List<String> leaks = LeakRecorder.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked buffer(s) or other resource(s) in "
                    + (context == null ? "this test run" : context.getDisplayName()) + ":\n"
                    + String.join("\n", leaks));
        }
    }

    /**
     * Runs a collection and waits until the JVM has enqueued the weak references it cleared. {@code System.gc()}
     * returns before the reference handler thread has enqueued them, and Netty only sees a leaked buffer
     * once its leak reference is in the queue: without this wait, the probes below poll an empty queue
     * and leaks go unreported. A sentinel cleared by the same collection tells when processing got there.
     */
    private static void collectGarbageAndAwaitReferenceProcessing() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            if (queue.remove(REFERENCE_PROCESSING_TIMEOUT_MILLIS) == null) {
                throw new IllegalStateException("The garbage collector did not clear a weak reference within "
                        + REFERENCE_PROCESSING_TIMEOUT_MILLIS + " ms; leaks cannot be checked");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for reference processing", ex);
        }
        finally {
            sentinel.clear();
        }
    }
}
