package dev.rpc.spring.boot.client;

import java.net.InetSocketAddress;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;

/** Resolves a service's address from {@code rpc.client.services.<key>.address}. */
public class PropertiesServiceAddressResolver implements ServiceAddressResolver {

    private final RpcProperties.Client properties;

    /** Creates the resolver. */
    public PropertiesServiceAddressResolver(RpcProperties.Client properties) {
        this.properties = properties;
    }

    /**
     * {@inheritDoc}
     * @throws IllegalStateException if the configured address is not {@code host:port}
     */
    @Override
    public InetSocketAddress resolve(String serviceKey, Class<?> serviceInterface) {
        RpcProperties.Service service = ServiceSettings.find(this.properties.getServices(), serviceKey);
        if (service == null || service.getAddress() == null || service.getAddress().isBlank()) {
            return null;
        }
        try {
            return ReferenceOptions.parseAddress(service.getAddress().trim());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("rpc.client.services." + serviceKey + ".address: " + ex.getMessage(), ex);
        }
    }
}
