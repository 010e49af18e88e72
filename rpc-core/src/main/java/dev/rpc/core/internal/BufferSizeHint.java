package dev.rpc.core.internal;

/**
 * Remembers how large the last frame of one kind was, so that the next buffer is allocated close to its final
 * size instead of growing (and copying) from a small default. Races between threads only blur the hint.
 */
public final class BufferSizeHint {

    private static final int MIN = 256;

    private static final int MAX = 4 * 1024 * 1024;

    private volatile int last = MIN;

    /** Returns the capacity to allocate: the last size plus an eighth, within 256 bytes and 4 MiB. */
    public int next() {
        int size = last;
        return Math.min(MAX, Math.max(MIN, size + (size >> 3)));
    }

    /** Records the size a frame of this kind turned out to have. */
    public void record(int size) {
        last = size;
    }
}
