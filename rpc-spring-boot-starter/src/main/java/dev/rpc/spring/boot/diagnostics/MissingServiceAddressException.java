package dev.rpc.spring.boot.diagnostics;

/** A client proxy was requested for a service whose address nothing configures. */
public class MissingServiceAddressException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Class<?> serviceInterface;

    private final String serviceKey;

    private final String injectionPoint;

    /**
     * Creates the exception.
     * @param serviceInterface the referenced interface
     * @param serviceKey the key under {@code rpc.client.services} that was looked up
     * @param injectionPoint where the proxy was to be injected
     */
    public MissingServiceAddressException(Class<?> serviceInterface, String serviceKey, String injectionPoint) {
        super("No address is configured for service '" + serviceKey + "' (" + serviceInterface.getName()
                + "), referenced by " + injectionPoint + ", and no service discovery is configured");
        this.serviceInterface = serviceInterface;
        this.serviceKey = serviceKey;
        this.injectionPoint = injectionPoint;
    }

    /** Returns the referenced interface. */
    public Class<?> getServiceInterface() {
        return this.serviceInterface;
    }

    /** Returns the key under {@code rpc.client.services} that was looked up. */
    public String getServiceKey() {
        return this.serviceKey;
    }

    /** Returns where the proxy was to be injected. */
    public String getInjectionPoint() {
        return this.injectionPoint;
    }
}
