package dev.rpc.benchmark.spi;

import dev.rpc.benchmark.workload.EchoService;
import dev.rpc.benchmark.workload.Payload;

/** One client connection of a contender, as its users would call it. Thread-safe. */
public interface EchoConnection {

    /** Calls {@code echo} and blocks for the answer. */
    Payload echo(Payload request) throws Exception;

    /** Calls {@code echo} without blocking; {@code completion} runs once the answer or a failure arrives. */
    void echoAsync(Payload request, Completion completion);

    /**
     * Calls {@link EchoService#blockingEchoAsync} without blocking: the service blocks its thread for a millisecond
     * first. Contenders whose service runs on the event loop never get this call and need not offer it.
     */
    default void blockingEchoAsync(Payload request, Completion completion) {
        throw new UnsupportedOperationException("this contender serves on the event loop: no blocking service");
    }

    /** Calls a framework's proxy of {@link EchoService}, exactly as its users would. */
    static EchoConnection of(EchoService proxy) {
        return new EchoConnection() {
            @Override
            public Payload echo(Payload request) {
                return proxy.echo(request);
            }

            @Override
            public void echoAsync(Payload request, Completion completion) {
                proxy.echoAsync(request).whenComplete(completion::complete);
            }

            @Override
            public void blockingEchoAsync(Payload request, Completion completion) {
                proxy.blockingEchoAsync(request).whenComplete(completion::complete);
            }
        };
    }
}
