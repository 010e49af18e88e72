package dev.rpc.core.serialization;

/** A value could not be encoded as, or decoded into, the Java type of a method's signature. */
public class SerializationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
