package dev.rpc.spring.boot.server;

import java.util.List;
import java.util.function.Supplier;

import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;

/**
 * Creates servers from a fresh options builder, filled by a base configuration (the {@code rpc.server.*}
 * properties) and then by every {@link RpcServerCustomizer}.
 */
public class PropertiesRpcServerFactory implements RpcServerFactory {

    private final Supplier<RpcServerOptions.Builder> baseOptions;

    private final List<RpcServerCustomizer> customizers;

    /**
     * Creates the factory.
     * @param baseOptions returns a new builder with the properties applied, each time it is called
     * @param customizers applied in order after the properties
     */
    public PropertiesRpcServerFactory(Supplier<RpcServerOptions.Builder> baseOptions, List<RpcServerCustomizer> customizers) {
        this.baseOptions = baseOptions;
        this.customizers = List.copyOf(customizers);
    }

    @Override
    public RpcServer create() {
        RpcServerOptions.Builder options = this.baseOptions.get();
        this.customizers.forEach(customizer -> customizer.customize(options));
        return RpcServer.create(options.build());
    }
}
