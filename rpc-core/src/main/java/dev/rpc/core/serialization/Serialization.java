package dev.rpc.core.serialization;

import dev.rpc.core.service.MethodDescriptor;

/**
 * A body encoding. Implementations resolve everything a method needs once, in {@link #forMethod}, so
 * that the call path does no type resolution.
 *
 * <p>Implementations must never let the payload choose a Java class to instantiate: every value is
 * decoded as the type the method's own signature declares.
 */
public interface Serialization {

    /** Returns the format this serialization reads and writes. */
    SerializationFormat format();

    /**
     * Resolves the readers and writers of one method.
     * @throws UnsupportedTypeException if a type of the method's signature cannot travel faithfully
     */
    MethodSerializer forMethod(MethodDescriptor method);
}
