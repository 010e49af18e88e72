package dev.rpc.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The cancellation of a call being served: set when the caller gives up (it cancelled, its deadline passed, or it
 * closed the connection). Calls that the serving method makes under this call's {@link CallContext} listen to it, so
 * that cancelling one call cancels the calls it made downstream. Thread-safe; listeners run once, on the thread that
 * cancels, and must not block.
 */
public final class Cancellation {

    /** Listeners, created with the first; {@code null} once cancelled. */
    private List<Runnable> listeners;

    private volatile boolean cancelled;

    /** Returns whether the call was cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Cancels, running every listener once; later calls do nothing. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = listeners;
            listeners = null;
        }
        if (toRun != null) {
            for (Runnable listener : toRun) {
                listener.run();
            }
        }
    }

    /**
     * Runs {@code listener} on cancellation, or at once if already cancelled.
     * @return what removes the listener again, for a call that ended first
     */
    public Runnable onCancel(Runnable listener) {
        synchronized (this) {
            if (!cancelled) {
                if (listeners == null) {
                    listeners = new ArrayList<>(2);
                }
                listeners.add(listener);
                return () -> remove(listener);
            }
        }
        listener.run();
        return () -> { };
    }

    private synchronized void remove(Runnable listener) {
        if (listeners != null) {
            listeners.remove(listener);
        }
    }
}
