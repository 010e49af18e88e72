package dev.rpc.spring.boot.client;

import java.net.InetSocketAddress;

/**
 * Finds the server of a referenced service. The default reads {@code rpc.client.services.<key>.address};
 * a service registry plugs in here by declaring a bean of this type.
 */
@FunctionalInterface
public interface ServiceAddressResolver {

    /**
     * Returns the address of a service's server.
     * @param serviceKey the key of the service's settings: the {@code @RpcReference}'s {@code service}, or the
     *        interface's simple name
     * @param serviceInterface the referenced interface
     * @return the address, or {@code null} when this resolver does not know the service
     */
    InetSocketAddress resolve(String serviceKey, Class<?> serviceInterface);
}
