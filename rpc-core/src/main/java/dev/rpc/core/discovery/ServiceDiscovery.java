package dev.rpc.core.discovery;

/**
 * Finds the providers of services, and registers the services this process provides. Implemented on an
 * existing distributed coordination engine (see the {@code rpc-discovery-zookeeper} module), never by
 * rpc-core itself.
 *
 * <p>Implementations must treat what they read as untrusted input (skip malformed entries), keep serving
 * the last known providers while the coordination engine is unreachable, and be thread-safe.
 */
public interface ServiceDiscovery extends AutoCloseable {

    /**
     * Returns the live view of a service's providers, watching it from now on. Calling it again for the
     * same service returns the same view.
     */
    ProviderView watch(String service);

    /**
     * Registers a provider, until the returned registration is closed (or this process dies).
     */
    Registration register(ServiceInstance instance);

    /** Stops watching and deregisters everything registered through this discovery. */
    @Override
    void close();
}
