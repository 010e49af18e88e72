package dev.rpc.discovery.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** A provider of {@link Tally}: counts what it runs, in its own counter and in the test's {@link Ledger}. */
final class TallyService implements Tally {

    private final String name;

    private final Ledger ledger;

    final AtomicInteger executions = new AtomicInteger();

    TallyService(String name, Ledger ledger) {
        this.name = name;
        this.ledger = ledger;
    }

    @Override
    public String record(long callId, int workMicros) {
        executions.incrementAndGet();
        ledger.executed(callId, name);
        if (workMicros > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(workMicros)); // the call's simulated work, not a test wait
        }
        return name;
    }
}
