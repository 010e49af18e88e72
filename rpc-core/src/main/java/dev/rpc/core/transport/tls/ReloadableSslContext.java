package dev.rpc.core.transport.tls;

import java.util.Objects;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * An {@link SslContext} that can be replaced while connections use it, for certificates that are renewed
 * without a restart. Each new connection takes the context current when it opens; connections already open keep
 * theirs until they close, so nothing in flight is cut.
 *
 * <p>Owns the contexts it is given: {@link #update(SslContext)} releases the one it replaces and {@link #close()}
 * the last one, which matters for reference-counted (OpenSSL) contexts; a connection still using a released
 * context holds its own reference, so the context is freed when its last connection closes. Thread-safe: reads
 * take no lock.
 */
public final class ReloadableSslContext implements Supplier<SslContext>, AutoCloseable {

    private volatile SslContext current;

    private boolean closed;

    /**
     * Creates the holder.
     * @param initial the first context; owned from now on
     */
    public ReloadableSslContext(SslContext initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** Returns the context for a new connection. */
    @Override
    public SslContext get() {
        return current;
    }

    /**
     * Makes a context the one new connections use, and releases the previous one (connections open on it keep
     * working). A context given after {@link #close()} is released at once.
     * @param next the new context, of the same side (client or server) as the first; owned from now on
     * @throws IllegalArgumentException if the context is of the other side
     */
    public void update(SslContext next) {
        Objects.requireNonNull(next, "next");
        SslContext previous;
        synchronized (this) {
            if (next.isClient() != current.isClient()) {
                ReferenceCountUtil.release(next);
                throw new IllegalArgumentException("a " + side(next) + " context cannot replace a " + side(current)
                        + " context");
            }
            if (closed) {
                previous = next;
            }
            else {
                previous = current;
                current = next;
            }
        }
        ReferenceCountUtil.release(previous);
    }

    /** Releases the current context; connections opened later fail. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ReferenceCountUtil.release(current);
    }

    private static String side(SslContext context) {
        return context.isClient() ? "client" : "server";
    }
}
