package dev.rpc.core.internal.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes of frames one server or one client has received and sent, over all its connections, since it was
 * created. Added to once per socket read and once per flush, by each connection's {@link ByteCountingHandler}; read
 * by monitoring. Thread-safe; both counts only grow.
 */
public final class ByteCounts {

    private final LongAdder received = new LongAdder();

    private final LongAdder sent = new LongAdder();

    void received(long bytes) {
        received.add(bytes);
    }

    void sent(long bytes) {
        sent.add(bytes);
    }

    /** Returns the bytes received: whole frames and the parts of frames that arrived so far. */
    public long received() {
        return received.sum();
    }

    /** Returns the bytes written and flushed to the connections, whether or not the peers have read them yet. */
    public long sent() {
        return sent.sum();
    }
}
