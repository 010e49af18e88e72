package dev.rpc.test.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Proves the leak check can fail: a buffer dropped without release is reported as a test failure. */
class FailOnLeakExtensionTests {

    @Test
    void leakedBufferFailsTheTestClass() {
        leak();
        FailOnLeakExtension extension = new FailOnLeakExtension();
        await().untilAsserted(() -> assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> extension.afterAll(null))
                .withMessageContaining("leaked buffer"));
    }

    @Test
    void leakedResourceOfAnotherTrackedTypeFailsTheTestClass() {
        leakTracked();
        FailOnLeakExtension extension = new FailOnLeakExtension();
        await().untilAsserted(() -> assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> extension.afterAll(null))
                .withMessageContaining("LEAK of FailOnLeakExtensionTests$TrackedResource"));
    }

    @Test
    void releasedBufferPasses() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(1);
        assertThat(buffer.release()).isTrue();
        LeakRecorder.drain();
        new FailOnLeakExtension().afterAll(null);
    }

    /** Tracked like a TLS context or engine: by a detector of its own type, which reports only when probed. */
    private static void leakTracked() {
        ResourceLeakDetector<TrackedResource> detector = ResourceLeakDetectorFactory.instance()
                .newResourceLeakDetector(TrackedResource.class);
        detector.track(new TrackedResource());
    }

    private static final class TrackedResource {
    }

    private static void leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(42);
    }
}
