package dev.rpc.spring.boot.client;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import dev.rpc.spring.boot.diagnostics.MissingServiceAddressException;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Creates the client proxies of references, once per interface and service key, all on the one
 * {@link RpcClient} bean, so that proxies of the same address share one connection.
 *
 * <p>Timeouts, most specific first: {@code rpc.client.services.<key>.methods.<method>.timeout}, then
 * {@code rpc.client.services.<key>.timeout}, then {@code rpc.client.timeout}. Proxies implement Spring's
 * {@link AopInfrastructureBean}, so no auto-proxy post-processor (such as {@code @EnableAsync}'s) wraps them.
 * Thread-safe.
 */
public class RpcReferenceFactory {

    private final ObjectProvider<RpcClient> client;

    private final RpcProperties.Client properties;

    private final ServiceAddressResolver addressResolver;

    private final Map<Key, Object> proxies = new ConcurrentHashMap<>();

    /**
     * Creates the factory.
     * @param client the client, obtained on first use
     * @param properties the {@code rpc.client} settings
     * @param addressResolver finds each service's server
     */
    public RpcReferenceFactory(ObjectProvider<RpcClient> client, RpcProperties.Client properties,
            ServiceAddressResolver addressResolver) {
        this.client = client;
        this.properties = properties;
        this.addressResolver = addressResolver;
    }

    /**
     * Returns the proxy of a service interface, creating it on first request.
     * @param serviceInterface the interface
     * @param serviceKey the key under {@code rpc.client.services}; empty or {@code null} for the interface's simple name
     * @param injectionPoint where the proxy goes, for error messages
     * @throws MissingServiceAddressException if no address is known for the service
     * @throws RpcInterfaceException if the interface cannot be called remotely
     */
    public <T> T getProxy(Class<T> serviceInterface, String serviceKey, String injectionPoint) {
        String key = ServiceSettings.keyOf(serviceKey, serviceInterface);
        return serviceInterface.cast(this.proxies.computeIfAbsent(new Key(serviceInterface, key),
                k -> createProxy(serviceInterface, key, injectionPoint)));
    }

    private Object createProxy(Class<?> serviceInterface, String key, String injectionPoint) {
        if (!serviceInterface.isInterface()) {
            throw new IllegalStateException(injectionPoint + " has the type " + serviceInterface.getName()
                    + ", which is not an interface; reference the service interface that client and server share");
        }
        RpcProperties.Service settings = ServiceSettings.find(this.properties.getServices(), key);
        try {
            ServiceDescriptor.of(serviceInterface);
        }
        catch (IllegalArgumentException ex) {
            throw new RpcInterfaceException(serviceInterface, injectionPoint, ex);
        }
        InetSocketAddress address = this.addressResolver.resolve(key, serviceInterface);
        ReferenceOptions.Builder reference;
        if (address != null) {
            reference = ReferenceOptions.to(address);
        }
        else if (this.client.getObject().options().discovery() != null) {
            reference = ReferenceOptions.discovered();
        }
        else {
            throw new MissingServiceAddressException(serviceInterface, key, injectionPoint);
        }
        if (settings != null) {
            reference.timeout(settings.getTimeout());
            if (settings.getServiceName() != null && !settings.getServiceName().isBlank()) {
                reference.serviceName(settings.getServiceName());
            }
            settings.getMethods().forEach((method, methodSettings) -> {
                if (methodSettings.getTimeout() != null) {
                    reference.methodTimeout(method, methodSettings.getTimeout());
                }
                if (methodSettings.isIdempotent()) {
                    reference.idempotent(method);
                }
            });
        }
        try {
            return this.client.getObject().proxy(serviceInterface, reference.build(), AopInfrastructureBean.class);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Cannot create the client proxy of " + serviceInterface.getName() + " for "
                    + injectionPoint + " (settings 'rpc.client.services." + key + "'): " + ex.getMessage(), ex);
        }
    }

    private record Key(Class<?> serviceInterface, String serviceKey) {
    }
}
