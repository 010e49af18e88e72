package dev.rpc.benchmark.workload;

import java.util.concurrent.CompletableFuture;

/** Returns what it gets: the cost measured is the framework's, never the service's. */
public final class EchoServiceImpl implements EchoService {

    @Override
    public Payload echo(Payload payload) {
        return payload;
    }

    @Override
    public CompletableFuture<Payload> echoAsync(Payload payload) {
        return CompletableFuture.completedFuture(payload);
    }
}
