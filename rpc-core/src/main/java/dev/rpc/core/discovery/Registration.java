package dev.rpc.core.discovery;

/** A registered provider; closing it deregisters the provider. */
public interface Registration extends AutoCloseable {

    /** Deregisters the provider; idempotent, never throws. */
    @Override
    void close();
}
