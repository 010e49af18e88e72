package dev.rpc.core.serialization;

/**
 * A method's signature names a type that cannot travel faithfully, such as a declared exception the caller
 * could not rebuild. Thrown when the method is resolved, that is when a proxy is created or a service exported,
 * never during a call; the message names the method, the type and what to change.
 */
public class UnsupportedTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public UnsupportedTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
