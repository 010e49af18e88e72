package dev.rpc.benchmark.workload;

import java.util.concurrent.CompletableFuture;

/** The benchmark service, as users of this framework (and of Dubbo) declare it: one blocking and one async method. */
public interface EchoService {

    /** Returns the payload; the caller blocks. */
    Payload echo(Payload payload);

    /** Returns the payload; the caller gets a future at once. */
    CompletableFuture<Payload> echoAsync(Payload payload);
}
