package dev.rpc.core.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.rpc.core.context.ContextKey;
import dev.rpc.core.server.ServerCallContext;

/** The service the call-seam tests call: it reports what it sees of its call, waits, and calls downstream. */
public interface Jobs {

    /** The value a server interceptor may set. */
    ContextKey<String> TENANT = ContextKey.named("tenant");

    String tenant();

    String echo(String text);

    CompletableFuture<String> echoLater(String text);

    @Callback
    void record(String event);

    /** Waits until the caller gives up, then records {@code name} as cancelled. */
    String waitForCancel(String name);

    /** Returns at once a future that completes once the caller gives up. */
    CompletableFuture<String> waitForCancelLater(String name);

    /** Waits on a gate. */
    String block(String gate);

    /** Waits on a gate, interruptibly, recording {@code name} as interrupted if it is. */
    String interruptible(String name);

    long remainingMillis();

    /** Asks the downstream service for its remaining time. */
    long downstreamRemainingMillis();

    /** Makes the downstream service wait for its cancellation. */
    String downstreamWaitForCancel(String name);

    /** The implementation; {@link #downstream} is set by tests that chain two servers. */
    final class Service implements Jobs {

        final List<String> ran = new CopyOnWriteArrayList<>();

        final List<String> cancelled = new CopyOnWriteArrayList<>();

        final List<String> interrupted = new CopyOnWriteArrayList<>();

        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

        volatile Jobs downstream;

        CountDownLatch gate(String name) {
            return gates.computeIfAbsent(name, key -> new CountDownLatch(1));
        }

        @Override
        public String tenant() {
            return ServerCallContext.current().get(TENANT);
        }

        @Override
        public String echo(String text) {
            ran.add(text);
            return text;
        }

        @Override
        public CompletableFuture<String> echoLater(String text) {
            return CompletableFuture.supplyAsync(() -> echo(text));
        }

        @Override
        public void record(String event) {
            ran.add(event);
        }

        @Override
        public CompletableFuture<String> waitForCancelLater(String name) {
            ran.add(name);
            ServerCallContext call = ServerCallContext.current();
            return CompletableFuture.supplyAsync(() -> waitForCancel(call, name));
        }

        @Override
        public String waitForCancel(String name) {
            ran.add(name);
            return waitForCancel(ServerCallContext.current(), name);
        }

        private String waitForCancel(ServerCallContext call, String name) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!call.isCancelled() && System.nanoTime() - giveUp < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (call.isCancelled()) {
                cancelled.add(name);
            }
            return name;
        }

        @Override
        public String block(String gate) {
            ran.add(gate);
            try {
                gate(gate).await(20, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return gate;
        }

        @Override
        public String interruptible(String name) {
            ran.add(name);
            try {
                gate(name).await(20, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                interrupted.add(name);
            }
            return name;
        }

        @Override
        public long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(ServerCallContext.current().remainingNanos());
        }

        @Override
        public long downstreamRemainingMillis() {
            return downstream.remainingMillis();
        }

        @Override
        public String downstreamWaitForCancel(String name) {
            ran.add(name);
            return downstream.waitForCancel(name);
        }
    }
}
