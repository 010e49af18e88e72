package dev.rpc.core.context;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.rpc.core.internal.Settings;

/**
 * What the calls made on the current thread carry besides their arguments: metadata, a deadline and a cancellation.
 * Immutable; the current one is scoped to a block of code on one thread, so it never leaks from one call to the next:
 *
 * <pre>{@code
 * CallContext.with("tenant", "acme").run(() -> inventory.reserve("A-1", 2));   // blocking, future or callback
 * }</pre>
 *
 * <p>While a server runs a service method, the current context holds the served call's deadline and cancellation
 * (not its metadata), so that calls the method makes end by the caller's deadline and are cancelled with it.
 * A method that continues on another thread (a {@code CompletableFuture} stage) takes the context along:
 * {@code CallContext context = CallContext.current();} first, then {@code context.run(...)} on that thread.
 */
public final class CallContext {

    /** The context of code that runs outside any call: no metadata, no deadline, never cancelled. */
    public static final CallContext ROOT = new CallContext(Map.of(), null, null);

    private static final ThreadLocal<CallContext> CURRENT = ThreadLocal.withInitial(() -> ROOT);

    private final Map<String, String> metadata;

    private final Deadline deadline;

    private final Cancellation cancellation;

    private CallContext(Map<String, String> metadata, Deadline deadline, Cancellation cancellation) {
        this.metadata = metadata;
        this.deadline = deadline;
        this.cancellation = cancellation;
    }

    /** Returns the context of the current thread, {@link #ROOT} outside any scope. */
    public static CallContext current() {
        return CURRENT.get();
    }

    /** Returns the current context with one more metadata entry; shorthand for {@code current().withMetadata(...)}. */
    public static CallContext with(String key, String value) {
        return current().withMetadata(key, value);
    }

    /** Returns a copy with one more metadata entry, replacing one with the same key. */
    public CallContext withMetadata(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Settings.requireMetadataEntry(key, value);
        Map<String, String> copy = new LinkedHashMap<>(metadata);
        copy.put(key, value);
        return new CallContext(Collections.unmodifiableMap(copy), deadline, cancellation);
    }

    /** Returns a copy whose deadline is the earlier of this one's and {@code deadline}. */
    public CallContext withDeadline(Deadline deadline) {
        return new CallContext(metadata, Objects.requireNonNull(deadline, "deadline").earliest(this.deadline), cancellation);
    }

    /** Returns a copy whose deadline is the earlier of this one's and {@code timeout} from now. */
    public CallContext withDeadlineAfter(Duration timeout) {
        return withDeadline(Deadline.after(timeout));
    }

    /** Returns a copy that is cancelled with {@code cancellation}; for servers, which create one per served call. */
    public CallContext withCancellation(Cancellation cancellation) {
        return new CallContext(metadata, deadline, Objects.requireNonNull(cancellation, "cancellation"));
    }

    /**
     * Returns the context a server gives the method serving a call: that call's deadline (or none) and cancellation,
     * and no metadata.
     */
    public static CallContext serving(Deadline deadline, Cancellation cancellation) {
        return new CallContext(Map.of(), deadline, Objects.requireNonNull(cancellation, "cancellation"));
    }

    /** Returns a copy without metadata: what a server hands on from a served call to the calls it makes. */
    public CallContext withoutMetadata() {
        return metadata.isEmpty() ? this : new CallContext(Map.of(), deadline, cancellation);
    }

    /** Returns the metadata calls made in this context send, besides their proxy's own; unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns the deadline calls made in this context must meet, or {@code null} for none. */
    public Deadline deadline() {
        return deadline;
    }

    /** Returns the cancellation calls made in this context follow, or {@code null} for none. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** Returns whether this context was cancelled: the call being served was. */
    public boolean isCancelled() {
        return cancellation != null && cancellation.isCancelled();
    }

    /** Runs {@code action} with this context current, restoring the previous one afterwards. */
    public void run(Runnable action) {
        CallContext previous = attach();
        try {
            action.run();
        }
        finally {
            detach(previous);
        }
    }

    /** Calls {@code action} with this context current, restoring the previous one afterwards. */
    public <T> T call(Callable<T> action) throws Exception {
        CallContext previous = attach();
        try {
            return action.call();
        }
        finally {
            detach(previous);
        }
    }

    /** Returns a runnable that runs {@code action} with this context, on whatever thread runs it. */
    public Runnable wrap(Runnable action) {
        return () -> run(action);
    }

    /**
     * Makes this context current, returning the previous one, which the caller must restore with {@link #detach} in a
     * {@code finally} block; {@link #run} and {@link #call} do both.
     */
    public CallContext attach() {
        CallContext previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    /** Restores the context {@link #attach} returned. */
    public void detach(CallContext previous) {
        CURRENT.set(previous);
    }

    @Override
    public String toString() {
        return "CallContext" + metadata + (deadline == null ? "" : ", " + deadline) + (isCancelled() ? ", cancelled" : "");
    }
}
