package dev.rpc.core.context;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Deadlines on a frozen ticker, moved by hand. */
class DeadlineTests {

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void expiresWhenTheTickerReachesIt() {
        Deadline deadline = Deadline.after(Duration.ofMillis(500), ticker);

        assertThat(deadline.isExpired()).isFalse();
        assertThat(deadline.timeRemaining(TimeUnit.MILLISECONDS)).isEqualTo(500);
        ticker.advance(Duration.ofMillis(499));
        assertThat(deadline.isExpired()).isFalse();
        ticker.advance(Duration.ofMillis(1));
        assertThat(deadline.isExpired()).isTrue();
        ticker.advance(Duration.ofMillis(200));
        assertThat(deadline.timeRemaining()).isEqualTo(Duration.ofMillis(-200));
    }

    @Test
    void theEarliestOfTwoIsKept() {
        Deadline soon = Deadline.after(Duration.ofSeconds(1), ticker);
        Deadline later = Deadline.after(Duration.ofSeconds(2), ticker);

        assertThat(soon.earliest(later)).isSameAs(soon);
        assertThat(later.earliest(soon)).isSameAs(soon);
        assertThat(later.earliest(null)).isSameAs(later);
        assertThat(soon.isBefore(later)).isTrue();
    }

    @Test
    void hugeTimeoutsAreClampedInsteadOfOverflowing() {
        ticker.advance(Duration.ofNanos(Long.MAX_VALUE - 10));

        for (Deadline deadline : new Deadline[] { Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), ticker),
                Deadline.after(Long.MAX_VALUE, TimeUnit.MICROSECONDS, ticker),
                Deadline.after(1L << 62, TimeUnit.NANOSECONDS, ticker) }) {
            assertThat(deadline.isExpired()).as(deadline.toString()).isFalse();
            assertThat(deadline.timeRemaining(TimeUnit.DAYS)).isGreaterThan(365L * 99);
        }
        assertThat(Deadline.after(Duration.ofSeconds(Long.MIN_VALUE), ticker).isExpired()).isTrue();
    }

    @Test
    void deadlinesOfDifferentTickersDoNotCompare() {
        Deadline frozen = Deadline.after(Duration.ofSeconds(1), ticker);
        Deadline real = Deadline.after(Duration.ofSeconds(1));

        assertThatIllegalArgumentException().isThrownBy(() -> frozen.compareTo(real));
    }

    @Test
    void describesWhatIsLeft() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(3), ticker);

        assertThat(deadline).hasToString("Deadline in PT3S");
        ticker.advance(Duration.ofSeconds(4));
        assertThat(deadline).hasToString("Deadline passed PT1S ago");
    }

    /** A ticker that moves only when told to. */
    static final class FakeTicker implements Deadline.Ticker {

        private long nanos;

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long nanoTime() {
            return nanos;
        }
    }
}
