package dev.rpc.test.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
    void releasedBufferPasses() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(1);
        assertThat(buffer.release()).isTrue();
        LeakRecorder.drain();
        new FailOnLeakExtension().afterAll(null);
    }

    private static void leak() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeInt(42);
    }
}
