package dev.rpc.spring.boot.observation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;

/** One call inside a started observation, the same way on both sides. */
final class ObservedCall {

    private ObservedCall() {
    }

    /**
     * Passes the call on with the observation in scope, and stops the observation when the call ends: with its
     * result (handed to {@code onResult}) or its failure. A failure to pass it on stops the observation at once.
     * @return the call's own stage, unchanged: the observation's stage is attached to it, not returned, so a caller
     *         that cancels its future does not cancel the observation's
     */
    static CompletableFuture<Object> proceed(Observation observation, Consumer<Object> onResult,
            Supplier<CompletableFuture<Object>> next) {
        CompletableFuture<Object> outcome;
        try (Observation.Scope scope = observation.openScope()) {
            outcome = next.get();
        }
        catch (RuntimeException ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        outcome.whenComplete((result, failure) -> {
            if (failure != null) {
                observation.error(CallOutcomes.unwrap(failure));
            }
            else {
                onResult.accept(result);
            }
            observation.stop();
        });
        return outcome;
    }
}
