package dev.rpc.core.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.rpc.core.internal.LogThrottle;

/**
 * What a server has going on: calls accepted and not yet answered, connections open, calls refused by reason, and
 * how often it logged a peer's protocol violation. Shutdown waits until no call and no connection is left, woken by whichever ends last,
 * never by polling. Thread-safe.
 */
final class ServerActivity {

    private final LogThrottle violationLog = new LogThrottle(Duration.ofSeconds(10));

    private final AtomicLongArray refusals = new AtomicLongArray(RefusalReason.values().length);

    private final AtomicInteger calls = new AtomicInteger();

    private final AtomicInteger connections = new AtomicInteger();

    private final Object idle = new Object();

    /** Whether shutdown waits for idleness: only then does the end of a call take the lock to wake it. */
    private volatile boolean awaited;

    void callStarted() {
        calls.incrementAndGet();
    }

    void callFinished() {
        if (calls.decrementAndGet() == 0) {
            signalIfIdle();
        }
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        if (connections.decrementAndGet() == 0) {
            signalIfIdle();
        }
    }

    /**
     * Returns how many protocol violations went unlogged at INFO since the last one that was, or -1 if this one
     * should go to DEBUG: a peer that sends garbage on purpose cannot fill the log, while a misconfigured one (TLS
     * against plaintext, say) is still seen.
     */
    long violationLogged() {
        return violationLog.tryAcquire();
    }

    /** Counts a call answered without running, for a reason. */
    void refused(RefusalReason reason) {
        refusals.incrementAndGet(reason.ordinal());
    }

    /** Returns how many calls were refused for a reason. */
    long refusals(RefusalReason reason) {
        return refusals.get(reason.ordinal());
    }

    /** Returns the calls accepted and not answered yet. */
    int calls() {
        return calls.get();
    }

    /** Returns the connections open. */
    int connections() {
        return connections.get();
    }

    /**
     * Waits until no call is in flight and no connection is open, or the timeout passes.
     * @return whether every call ended (connections may still be open when this returns {@code true} on timeout)
     */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaited = true;
        synchronized (idle) {
            while (calls.get() > 0 || connections.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return calls.get() == 0;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void signalIfIdle() {
        if (!awaited) {
            return;
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }
}
