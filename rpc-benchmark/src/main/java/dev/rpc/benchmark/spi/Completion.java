package dev.rpc.benchmark.spi;

import dev.rpc.benchmark.workload.Payload;

/** Receives the outcome of one asynchronous call, on whatever thread the contender completes it. */
@FunctionalInterface
public interface Completion {

    /** Exactly one of {@code response} and {@code error} is non-null. */
    void complete(Payload response, Throwable error);
}
