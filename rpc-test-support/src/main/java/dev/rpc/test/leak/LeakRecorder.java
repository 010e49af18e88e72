package dev.rpc.test.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

/**
 * Collects every leak Netty's {@link ResourceLeakDetector} reports, so that a test can fail on it
 * instead of the report ending as a log line nobody reads.
 *
 * <p>{@link #install()} must run before any {@code ByteBuf} class is initialised, because Netty
 * creates its buffer leak detector once, in a static initialiser. {@link LeakDetectionSessionListener}
 * does that when the JUnit launcher session opens.
 */
public final class LeakRecorder {

    private static final List<String> leaks = new ArrayList<>();

    /** Every detector made since {@link #install()}: one per tracked type (buffers, TLS contexts and engines, ...). */
    private static final List<RecordingDetector<?>> detectors = new CopyOnWriteArrayList<>();

    private static volatile boolean installed;

    private LeakRecorder() {
    }

    /** Installs the recording detector factory; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        installed = true;
    }

    /** Returns whether {@link #install()} ran, i.e. whether leak reports reach this recorder. */
    public static boolean isInstalled() {
        return installed;
    }

    /**
     * Makes every detector look for collected, unreleased objects now. A detector reports only when it tracks a
     * new object, so without this a leaked object of a type the tests create rarely (an OpenSSL context, say)
     * could go unreported; run it after a garbage collection.
     */
    public static void probeAll() {
        detectors.forEach(RecordingDetector::probe);
    }

    /** Returns and forgets every leak reported so far. */
    public static synchronized List<String> drain() {
        List<String> copy = List.copyOf(leaks);
        leaks.clear();
        return copy;
    }

    private static synchronized void record(String report) {
        leaks.add(report);
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {

        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
            detectors.add(detector);
            return detector;
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        RecordingDetector(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        /** Tracks and at once releases a placeholder, which makes the detector report what it found collected. */
        @SuppressWarnings("unchecked")
        void probe() {
            Object placeholder = new Object();
            ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) (ResourceLeakDetector<?>) this)
                    .track(placeholder);
            if (tracker != null) {
                tracker.close(placeholder);
            }
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            super.reportTracedLeak(resourceType, records);
            record("LEAK of " + resourceType + ":" + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            super.reportUntracedLeak(resourceType);
            record("LEAK of " + resourceType + " (no records; raise the leak detection level)");
        }
    }
}
