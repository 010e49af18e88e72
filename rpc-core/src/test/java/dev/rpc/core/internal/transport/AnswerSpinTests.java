package dev.rpc.core.internal.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an event loop polls instead of sleeping: only while calls it handed off are unanswered, and only within
 * the spin time after its last hand-off or answer. The test thread plays the event loop.
 */
class AnswerSpinTests {

    private final AtomicInteger polls = new AtomicInteger();

    private final IntSupplier selectNow = () -> {
        polls.incrementAndGet();
        return 0;
    };

    private final AnswerSpin loop = AnswerSpin.ofThisThread();

    @Test
    void aLoopWithNothingHandedOffSleeps() throws Exception {
        drain();
        SelectStrategy strategy = AnswerSpin.strategies(TimeUnit.HOURS.toNanos(1), 1).newSelectStrategy();

        assertThat(strategy.calculateStrategy(selectNow, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls).hasValue(0);
    }

    @Test
    void aLoopWaitingForAnswersPollsUntilTheyAreAllWritten() throws Exception {
        drain();
        SelectStrategy strategy = AnswerSpin.strategies(TimeUnit.HOURS.toNanos(1), 1).newSelectStrategy();
        loop.handedOff();
        loop.handedOff();

        assertThat(strategy.calculateStrategy(selectNow, false)).isZero();
        loop.answered();
        assertThat(strategy.calculateStrategy(selectNow, false)).isZero();
        loop.answered();
        assertThat(strategy.calculateStrategy(selectNow, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls).hasValue(2);
    }

    @Test
    void aLoopSleepsOnceTheSpinTimeHasPassedEvenWithAnswersOutstanding() throws Exception {
        drain();
        SelectStrategy strategy = AnswerSpin.strategies(1, 1).newSelectStrategy();
        loop.handedOff();
        long handedOffAt = System.nanoTime();
        while (System.nanoTime() == handedOffAt) {
            Thread.onSpinWait(); // let the clock move past the 1 ns spin time
        }

        assertThat(strategy.calculateStrategy(selectNow, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls).hasValue(0);
    }

    @Test
    void noMoreLoopsPollAtOnceThanTheGroupAllows() throws Exception {
        drain();
        SelectStrategyFactory group = AnswerSpin.strategies(TimeUnit.HOURS.toNanos(1), 1);
        SelectStrategy first = group.newSelectStrategy();
        SelectStrategy second = group.newSelectStrategy();
        loop.handedOff();

        assertThat(first.calculateStrategy(selectNow, false)).isZero();
        assertThat(second.calculateStrategy(selectNow, false)).as("the quota is taken").isEqualTo(SelectStrategy.SELECT);
        assertThat(first.calculateStrategy(() -> 1, false)).as("the first loop found work").isEqualTo(1);
        assertThat(second.calculateStrategy(selectNow, false)).as("the quota is free again").isZero();
    }

    @Test
    void callsOfAClosedConnectionAreNoLongerWaitedFor() throws Exception {
        drain();
        SelectStrategy strategy = AnswerSpin.strategies(TimeUnit.HOURS.toNanos(1), 1).newSelectStrategy();
        loop.handedOff();
        loop.handedOff();
        loop.abandoned(2);

        assertThat(strategy.calculateStrategy(selectNow, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(polls).hasValue(0);
    }

    @Test
    void queuedTasksAreRunAfterANonBlockingPoll() throws Exception {
        SelectStrategy strategy = AnswerSpin.strategies(0, 1).newSelectStrategy();

        assertThat(strategy.calculateStrategy(() -> 3, true)).isEqualTo(3);
    }

    @Test
    void anAnswerNotHandedOffFromThisLoopDoesNotMakeTheCountNegative() throws Exception {
        drain();
        SelectStrategy strategy = AnswerSpin.strategies(TimeUnit.HOURS.toNanos(1), 1).newSelectStrategy();
        loop.answered();
        loop.handedOff();

        assertThat(strategy.calculateStrategy(selectNow, false)).isZero();
    }

    /** Answers whatever earlier tests on this thread left handed off. */
    private void drain() {
        for (int i = 0; i < 16; i++) {
            loop.answered();
        }
    }
}
