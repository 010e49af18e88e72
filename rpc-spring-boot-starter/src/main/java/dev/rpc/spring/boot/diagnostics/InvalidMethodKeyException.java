package dev.rpc.spring.boot.diagnostics;

/**
 * A key under {@code rpc.client.services.<key>.methods} that cannot take effect: written in a form that Spring
 * Boot's binder does not keep whole (a signature outside brackets, brackets YAML reads as a list, a
 * {@code .properties} key cut at a space), or naming no method of the service interface. The message names
 * the key as the user wrote it and says how to write it.
 */
public class InvalidMethodKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String methodKey;

    private final String problem;

    private final String correction;

    /**
     * Creates the exception.
     * @param property the property as written, e.g. {@code rpc.client.services.scale.methods.weigh(long).timeout}
     * @param methodKey the method key as written, e.g. {@code weigh(long)}
     * @param problem what is wrong, naming the property and, when known, where it was read
     * @param correction how to write the key so that it takes effect
     */
    public InvalidMethodKeyException(String property, String methodKey, String problem, String correction) {
        super(problem + " " + correction);
        this.property = property;
        this.methodKey = methodKey;
        this.problem = problem;
        this.correction = correction;
    }

    /** Returns the property as written. */
    public String getProperty() {
        return this.property;
    }

    /** Returns the method key as written. */
    public String getMethodKey() {
        return this.methodKey;
    }

    /** Returns what is wrong, naming the property. */
    public String getProblem() {
        return this.problem;
    }

    /** Returns how to write the key so that it takes effect. */
    public String getCorrection() {
        return this.correction;
    }
}
