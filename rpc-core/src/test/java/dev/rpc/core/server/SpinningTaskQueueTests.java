package dev.rpc.core.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default pool's queue: still bounded, hands over what is offered, and still sleeps and wakes. */
class SpinningTaskQueueTests {

    private static final Runnable TASK = () -> { };

    @Test
    void itHoldsNoMoreThanItsCapacity() {
        SpinningTaskQueue queue = new SpinningTaskQueue(2, 50_000);

        assertThat(queue.offer(TASK)).isTrue();
        assertThat(queue.offer(TASK)).isTrue();
        assertThat(queue.offer(() -> { })).isFalse();
        assertThat(queue).hasSize(2);
    }

    @Test
    void aTaskQueuedBeforeHandIsTakenAtOnce() throws Exception {
        SpinningTaskQueue queue = new SpinningTaskQueue(4, TimeUnit.HOURS.toNanos(1));
        queue.offer(TASK);

        assertThat(queue.take()).isSameAs(TASK);
        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aWorkerThatSpunInVainSleepsAndIsWokenByTheNextTask() throws Exception {
        SpinningTaskQueue queue = new SpinningTaskQueue(4, 1_000);
        CompletableFuture<Runnable> taken = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                taken.complete(queue.poll(30, TimeUnit.SECONDS));
            }
            catch (InterruptedException ex) {
                taken.completeExceptionally(ex);
            }
        });
        worker.start();
        await().until(() -> worker.getState() == Thread.State.TIMED_WAITING);

        queue.offer(TASK);
        assertThat(taken.get(10, TimeUnit.SECONDS)).isSameAs(TASK);
    }

    @Test
    void aWorkerNeverSpinsLongerThanItAgreedToWait() throws Exception {
        SpinningTaskQueue queue = new SpinningTaskQueue(4, TimeUnit.HOURS.toNanos(1));

        assertThat(queue.poll(5, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anIdleWorkerTimesOutWithNothingToDo() throws Exception {
        SpinningTaskQueue queue = new SpinningTaskQueue(4, 1_000);

        assertThat(queue.poll(5, TimeUnit.MILLISECONDS)).isNull();
    }
}
