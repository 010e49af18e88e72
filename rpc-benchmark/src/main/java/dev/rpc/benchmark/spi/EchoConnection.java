package dev.rpc.benchmark.spi;

import dev.rpc.benchmark.workload.Payload;

/** One client connection of a contender, as its users would call it. Thread-safe. */
public interface EchoConnection {

    /** Calls {@code echo} and blocks for the answer. */
    Payload echo(Payload request) throws Exception;

    /** Calls {@code echo} without blocking; {@code completion} runs once the answer or a failure arrives. */
    void echoAsync(Payload request, Completion completion);
}
