package dev.rpc.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning through per interval, so that a peer that triggers the same failure on every call cannot
 * fill the log: the others are meant for DEBUG, and the next warning let through says how many there were.
 * Lock-free and thread-safe; the clock is injectable for tests.
 *
 * <pre>{@code
 * long suppressed = throttle.tryAcquire();
 * if (suppressed >= 0) {
 *     logger.warn("{} failed ({} similar warnings suppressed since the last one)", what, suppressed, ex);
 * } else {
 *     logger.debug("{} failed", what, ex);
 * }
 * }</pre>
 */
public final class LogThrottle {

    private final long intervalNanos;

    private final LongSupplier nanoClock;

    private final AtomicLong nextAllowedNanos;

    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Creates a throttle on {@link System#nanoTime()}.
     * @param interval the least time between two warnings let through
     */
    public LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    /**
     * Creates a throttle on a given clock.
     * @param interval the least time between two warnings let through
     * @param nanoClock a monotonic clock in nanoseconds, such as {@link System#nanoTime()}
     */
    public LogThrottle(Duration interval, LongSupplier nanoClock) {
        Settings.requirePositive(interval, "interval");
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextAllowedNanos = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Asks to log a warning now.
     * @return the number of warnings suppressed since the last one let through, or -1 if this one must go to
     *         DEBUG instead
     */
    public long tryAcquire() {
        long now = nanoClock.getAsLong();
        long next = nextAllowedNanos.get();
        if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
