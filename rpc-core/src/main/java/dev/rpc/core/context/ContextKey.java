package dev.rpc.core.context;

import java.util.Objects;

/**
 * The key of a value that a server interceptor sets for one call and the service method reads, with
 * {@code ServerCallContext.current().get(key)}. Keys compare by identity: keep each in a constant, so that only code
 * that can see the constant can read or set its value.
 *
 * @param <T> the type of the value
 */
public final class ContextKey<T> {

    private final String name;

    private ContextKey(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Returns a new key; the name only shows in messages. */
    public static <T> ContextKey<T> named(String name) {
        return new ContextKey<>(name);
    }

    /** Returns the name given at creation. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ContextKey(" + name + ")";
    }
}
