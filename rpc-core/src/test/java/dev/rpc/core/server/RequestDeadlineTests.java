package dev.rpc.core.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The deadline a REQUEST's timeout gives, at the edges of the header's range and of the nanosecond clock. */
class RequestDeadlineTests {

    private static final long RECEIVED = 5_000_000_000L;

    @Test
    void zeroMeansNoDeadline() {
        assertThat(RequestDeadline.fromTimeout(RECEIVED, 0)).isEqualTo(RequestDeadline.NONE);
    }

    @Test
    void oneMicrosecondIsAThousandNanosecondsAfterArrival() {
        assertThat(RequestDeadline.fromTimeout(RECEIVED, 1)).isEqualTo(RECEIVED + 1_000);
    }

    @Test
    void theLongestTimeoutBelowTheClampIsTakenExactly() {
        long micros = RequestDeadline.MAX_TIMEOUT_NANOS / 1000 - 1;

        assertThat(RequestDeadline.fromTimeout(RECEIVED, micros) - RECEIVED).isEqualTo(micros * 1000);
    }

    @ParameterizedTest
    @ValueSource(longs = { 4_611_686_018_427_388L, 9_223_372_036_854_775L, 9_223_372_036_854_776L,
            10_000_000_000_000_000L, 1L << 62, Long.MAX_VALUE })
    void largerTimeoutsAreClampedTo2To62NanosecondsNeverOverflowingIntoThePast(long timeoutMicros) {
        long deadline = RequestDeadline.fromTimeout(RECEIVED, timeoutMicros);

        assertThat(deadline - RECEIVED).isEqualTo(RequestDeadline.MAX_TIMEOUT_NANOS);
        assertThat(RECEIVED - deadline).as("now minus deadline, as ServerCall compares them").isNegative();
    }

    @Test
    void aDeadlinePastTheClocksWrapStaysInTheFuture() {
        long received = Long.MAX_VALUE - 10;

        long deadline = RequestDeadline.fromTimeout(received, Long.MAX_VALUE);

        assertThat(deadline).as("wrapped").isNegative();
        assertThat(received + 1_000_000 - deadline).as("a millisecond later, the deadline is still ahead").isNegative();
    }

    @Test
    void aDeadlineThatLandsExactlyOnZeroIsMovedOffTheNoDeadlineValue() {
        assertThat(RequestDeadline.fromTimeout(-1_000, 1)).isEqualTo(1);
    }

    @Test
    void aNegativeTimeoutIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> RequestDeadline.fromTimeout(RECEIVED, -1))
                .withMessage("negative timeout -1");
    }
}
