package dev.rpc.benchmark.workload;

import java.util.concurrent.CompletableFuture;

/**
 * The benchmark service, as users of this framework (and of Dubbo) declare it: one blocking and one async method that
 * return their argument at once, and one async method whose service blocks its thread first, as most real services do.
 */
public interface EchoService {

    /** Returns the payload; the caller blocks. */
    Payload echo(Payload payload);

    /** Returns the payload; the caller gets a future at once. */
    CompletableFuture<Payload> echoAsync(Payload payload);

    /**
     * Returns the payload after the service blocked its thread for {@value EchoServiceImpl#BLOCKING_MILLIS} ms (a
     * database call); the caller gets a future at once. Only for contenders whose service runs off the event loop.
     */
    CompletableFuture<Payload> blockingEchoAsync(Payload payload);
}
