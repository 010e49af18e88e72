package dev.rpc.core.context;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An absolute point in time by which a call must end, read from a {@link Ticker}. Immutable and thread-safe.
 *
 * <p>A timeout is relative ("500 ms"); a deadline is absolute ("by then"), so that it can be handed from a call to
 * the calls it makes and shrink as time passes, without each hop adding its own full timeout. Offsets are clamped
 * to about a hundred years either way, so that no timeout, however large, overflows.
 */
public final class Deadline implements Comparable<Deadline> {

    /** The largest offset from now, about a hundred years. */
    private static final long MAX_OFFSET_NANOS = TimeUnit.DAYS.toNanos(365L * 100);

    private final Ticker ticker;

    private final long deadlineNanos;

    private Deadline(Ticker ticker, long deadlineNanos) {
        this.ticker = ticker;
        this.deadlineNanos = deadlineNanos;
    }

    /** Returns the deadline {@code timeout} from now, on the system ticker. */
    public static Deadline after(Duration timeout) {
        return after(timeout, Ticker.system());
    }

    /** Returns the deadline {@code timeout} from now, on the given ticker. */
    public static Deadline after(Duration timeout, Ticker ticker) {
        return afterNanos(saturatedNanos(Objects.requireNonNull(timeout, "timeout")), ticker);
    }

    /** Returns the deadline {@code amount} of {@code unit} from now, on the given ticker; clamped, never overflows. */
    public static Deadline after(long amount, TimeUnit unit, Ticker ticker) {
        return afterNanos(unit.toNanos(amount), ticker);
    }

    private static Deadline afterNanos(long nanos, Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        long offset = Math.max(-MAX_OFFSET_NANOS, Math.min(MAX_OFFSET_NANOS, nanos));
        return new Deadline(ticker, ticker.nanoTime() + offset);
    }

    /** Returns whether the deadline has passed. */
    public boolean isExpired() {
        return deadlineNanos - ticker.nanoTime() <= 0;
    }

    /** Returns the time left, negative once expired, in the given unit (rounded towards zero). */
    public long timeRemaining(TimeUnit unit) {
        return unit.convert(deadlineNanos - ticker.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Returns the time left, negative once expired. */
    public Duration timeRemaining() {
        return Duration.ofNanos(deadlineNanos - ticker.nanoTime());
    }

    /** Returns whichever of this deadline and {@code other} comes first; {@code other} may be {@code null}. */
    public Deadline earliest(Deadline other) {
        return other == null || compareTo(other) <= 0 ? this : other;
    }

    /** Returns whether this deadline comes before {@code other}. */
    public boolean isBefore(Deadline other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Deadline other) {
        if (ticker != other.ticker) {
            throw new IllegalArgumentException("deadlines on different tickers cannot be compared");
        }
        return Long.compare(deadlineNanos - other.deadlineNanos, 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Deadline that && ticker == that.ticker && deadlineNanos == that.deadlineNanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(deadlineNanos);
    }

    @Override
    public String toString() {
        long remaining = deadlineNanos - ticker.nanoTime();
        return remaining > 0 ? "Deadline in " + Duration.ofNanos(remaining) : "Deadline passed " + Duration.ofNanos(-remaining) + " ago";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A source of monotonic time, in nanoseconds; {@link #system()} in production, a fake one in tests. */
    @FunctionalInterface
    public interface Ticker {

        /** Returns the current value of the ticker, in nanoseconds, only meaningful as a difference. */
        long nanoTime();

        /** Returns {@link System#nanoTime()}'s ticker. */
        static Ticker system() {
            return SystemTicker.INSTANCE;
        }
    }

    private enum SystemTicker implements Ticker {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
