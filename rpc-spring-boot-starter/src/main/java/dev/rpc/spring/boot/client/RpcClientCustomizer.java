package dev.rpc.spring.boot.client;

import dev.rpc.core.client.RpcClientOptions;

/**
 * Adjusts the client's options after the {@code rpc.client.*} properties are applied, for settings that have
 * no property. Beans of this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface RpcClientCustomizer {

    /** Customizes the options builder. */
    void customize(RpcClientOptions.Builder options);
}
