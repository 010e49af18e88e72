package dev.rpc.core.transport.tls;

import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.server.ServerCallContext;

/** Greets, and counts how often its methods ran, so that a test can tell that a refused call never did. */
final class CountingGreeter implements Greeter {

    final AtomicInteger executions = new AtomicInteger();

    @Override
    public String greet(String name) {
        executions.incrementAndGet();
        return "hello " + name;
    }

    @Override
    public String caller() {
        executions.incrementAndGet();
        return String.valueOf(ServerCallContext.current().remoteAddress());
    }
}
