package dev.rpc.spring.boot.diagnostics;

/**
 * A service interface, exported or referenced, that cannot be called remotely, for instance because a method
 * uses a type variable or returns a {@code Future} other than {@code CompletableFuture}.
 */
public class RpcInterfaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Class<?> serviceInterface;

    private final String usedBy;

    /**
     * Creates the exception.
     * @param serviceInterface the interface
     * @param usedBy who exports or references it, e.g. {@code bean 'inventoryService'}
     * @param cause the reason, naming the method
     */
    public RpcInterfaceException(Class<?> serviceInterface, String usedBy, IllegalArgumentException cause) {
        super(serviceInterface.getName() + ", used by " + usedBy + ", cannot be called remotely: " + cause.getMessage(), cause);
        this.serviceInterface = serviceInterface;
        this.usedBy = usedBy;
    }

    /** Returns the interface. */
    public Class<?> getServiceInterface() {
        return this.serviceInterface;
    }

    /** Returns who exports or references the interface. */
    public String getUsedBy() {
        return this.usedBy;
    }

    /** Returns the reason, naming the method. */
    public String getReason() {
        return getCause().getMessage();
    }
}
