package dev.rpc.core.serialization;

/**
 * A serialization's configuration, or a type of a method's signature, would let a payload choose the Java class
 * to instantiate: default typing activated, the polymorphic type validator replaced, or a
 * {@code @JsonTypeInfo} with class names ({@code Id.CLASS}, {@code Id.MINIMAL_CLASS}). Thrown when the
 * serialization is created, or when the method is resolved (a proxy created, a service exported), never during a
 * call; the message names the culprit and what to remove.
 */
public class UnsafeSerializationException extends UnsupportedTypeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public UnsafeSerializationException(String message) {
        super(message, null);
    }
}
