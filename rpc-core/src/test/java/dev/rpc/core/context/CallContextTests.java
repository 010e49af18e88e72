package dev.rpc.core.context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallContextTests {

    @Test
    void aScopeEndsWithItsBlockEvenWhenItThrows() {
        assertThatThrownBy(() -> CallContext.with("tenant", "acme").run(() -> {
            assertThat(CallContext.current().metadata()).isEqualTo(Map.of("tenant", "acme"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(CallContext.current()).isSameAs(CallContext.ROOT);
    }

    @Test
    void nestedScopesAddToTheOuterOneAndRestoreIt() throws Exception {
        String inner = CallContext.with("tenant", "acme").call(() -> CallContext.with("user", "ann").call(
                () -> CallContext.current().metadata().toString()));

        assertThat(inner).isEqualTo("{tenant=acme, user=ann}");
        assertThat(CallContext.current().metadata()).isEmpty();
    }

    @Test
    void theEarlierDeadlineWins() {
        Deadline soon = Deadline.after(Duration.ofSeconds(1));
        Deadline later = Deadline.after(Duration.ofSeconds(9));

        assertThat(CallContext.ROOT.withDeadline(soon).withDeadline(later).deadline()).isSameAs(soon);
        assertThat(CallContext.ROOT.withDeadline(later).withDeadline(soon).deadline()).isSameAs(soon);
    }

    @Test
    void aWrappedTaskCarriesTheContextToAnotherThread() throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        Runnable task = CallContext.with("tenant", "acme").wrap(() -> seen.set(CallContext.current().metadata()));

        Thread thread = new Thread(task);
        thread.start();
        thread.join();

        assertThat(seen.get()).isEqualTo(Map.of("tenant", "acme"));
    }

    @Test
    void cancellationRunsListenersOnceAndLateListenersAtOnce() {
        Cancellation cancellation = new Cancellation();
        int[] runs = new int[2];
        Runnable removed = cancellation.onCancel(() -> runs[1]++);
        cancellation.onCancel(() -> runs[0]++);
        removed.run();

        cancellation.cancel();
        cancellation.cancel();
        cancellation.onCancel(() -> runs[0]++);

        assertThat(runs).containsExactly(2, 0);
        assertThat(CallContext.ROOT.withCancellation(cancellation).isCancelled()).isTrue();
    }

    @Test
    void metadataOutOfBoundsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> CallContext.with("", "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> CallContext.with("k".repeat(256), "x"));
    }
}
