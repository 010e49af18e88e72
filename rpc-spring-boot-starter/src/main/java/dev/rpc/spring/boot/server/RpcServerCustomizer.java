package dev.rpc.spring.boot.server;

import dev.rpc.core.server.RpcServerOptions;

/**
 * Adjusts the server's options after the {@code rpc.server.*} properties are applied, for settings that
 * have no property (a custom {@code ServerExecutor}, the accepted formats). Beans of this type are applied
 * in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface RpcServerCustomizer {

    /** Customizes the options builder. */
    void customize(RpcServerOptions.Builder options);
}
