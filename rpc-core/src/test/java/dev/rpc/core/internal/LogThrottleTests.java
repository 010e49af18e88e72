package dev.rpc.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogThrottleTests {

    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - 5_000_000_000L); // wraps within the test

    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), clock::get);

    @Test
    void theFirstWarningPassesAndTheNextOnesWithinTheIntervalDoNot() {
        assertThat(throttle.tryAcquire()).isZero();
        assertThat(throttle.tryAcquire()).isEqualTo(-1);
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(throttle.tryAcquire()).isEqualTo(-1);
    }

    @Test
    void theNextWarningAfterTheIntervalPassesAndCountsThoseSuppressed() {
        throttle.tryAcquire();
        for (int i = 0; i < 41; i++) {
            throttle.tryAcquire();
        }
        clock.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(throttle.tryAcquire()).isEqualTo(41);
        assertThat(throttle.tryAcquire()).isEqualTo(-1);
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(throttle.tryAcquire()).isEqualTo(1);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LogThrottle(Duration.ZERO))
                .withMessage("interval must be positive: PT0S");
    }
}
