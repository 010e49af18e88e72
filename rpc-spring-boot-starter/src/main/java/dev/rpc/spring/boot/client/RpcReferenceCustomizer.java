package dev.rpc.spring.boot.client;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.service.ServiceDescriptor;

/**
 * Adjusts the options of each reference after its {@code rpc.client.services.<key>} properties are applied, once,
 * when its proxy is created (at startup for injected references). Beans of this type are applied in
 * {@link org.springframework.core.Ordered order}. Throwing fails the creation of the proxy, and so the startup.
 */
@FunctionalInterface
public interface RpcReferenceCustomizer {

    /**
     * Customizes one reference.
     * @param serviceKey the key of its settings under {@code rpc.client.services} (the {@code @RpcReference}'s
     *        service attribute, or the interface's simple name)
     * @param service the service as the reference calls it: its interface, and its name on the wire
     * @param options the options, with the properties applied
     */
    void customize(String serviceKey, ServiceDescriptor service, ReferenceOptions.Builder options);
}
