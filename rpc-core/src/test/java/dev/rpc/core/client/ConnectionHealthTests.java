package dev.rpc.core.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What balancing reads of a connection: failing from a failed attempt until one succeeds, retried once per back-off. */
class ConnectionHealthTests {

    private static final long NOW = 1_000_000_000L;

    private final ConnectionHealth health = new ConnectionHealth();

    @Test
    void connectionNeverTriedIsHealthyAndHasNothingToRetry() {
        assertThat(health.isFailing()).isFalse();
        assertThat(health.reason()).isNull();
        assertThat(health.claimRetry(NOW)).isFalse();
    }

    @Test
    void failedAttemptMakesItFailingUntilAnAttemptSucceeds() {
        health.failed("cannot connect to h:1 (refused)", NOW + 100);
        assertThat(health.isFailing()).isTrue();
        assertThat(health.reason()).isEqualTo("cannot connect to h:1 (refused)");

        health.connected();

        assertThat(health.isFailing()).isFalse();
        assertThat(health.reason()).isNull();
    }

    @Test
    void retryIsClaimedOnceTheBackOffHasPassedAndByOneCallerOnly() {
        health.failed("refused", NOW + 100);

        assertThat(health.claimRetry(NOW + 99)).isFalse();
        assertThat(health.claimRetry(NOW + 100)).isTrue();
        assertThat(health.claimRetry(NOW + 200)).as("already claimed").isFalse();
        assertThat(health.isFailing()).as("until the attempt succeeds").isTrue();
    }

    @Test
    void nextFailedAttemptOffersTheNextRetry() {
        health.failed("refused", NOW + 100);
        assertThat(health.claimRetry(NOW + 100)).isTrue();

        health.failed("refused again", NOW + 300);

        assertThat(health.claimRetry(NOW + 200)).isFalse();
        assertThat(health.claimRetry(NOW + 300)).isTrue();
    }

    @Test
    void backOffIsComparedAcrossTheWrapOfNanoTime() {
        health.failed("refused", Long.MAX_VALUE - 10);

        assertThat(health.claimRetry(Long.MAX_VALUE - 11)).isFalse();
        assertThat(health.claimRetry(Long.MIN_VALUE + 10)).isTrue();
    }
}
