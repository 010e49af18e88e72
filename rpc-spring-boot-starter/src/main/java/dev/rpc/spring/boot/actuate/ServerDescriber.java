package dev.rpc.spring.boot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.rpc.core.client.CallModeResolver;
import dev.rpc.core.server.RefusalReason;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.actuate.RpcEndpoint.ServerDescriptor;

/** Describes a server for the {@code rpc} endpoint: its settings, its state now, and what it exports. */
final class ServerDescriber {

    private ServerDescriber() {
    }

    static ServerDescriptor describe(RpcServer server, String state, CallModeResolver modes) {
        RpcServerOptions options = server.options();
        Map<String, Long> refused = new LinkedHashMap<>();
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason.name().toLowerCase(Locale.ROOT), server.refusedCalls(reason));
        }
        List<RpcEndpoint.ServiceDescriptor> services = new ArrayList<>();
        for (ServiceDescriptor service : server.services()) {
            services.add(describe(service, modes));
        }
        int busy = server.busyWorkers();
        return new ServerDescriptor(state, options.bindAddress(), server.port(), options.transport().name(),
                options.executor().toString(), options.maxFrameSize(), options.maxConcurrentCallsPerConnection(),
                options.idleTimeout(), options.shutdownGracePeriod(), List.copyOf(options.instanceMetadata().keySet()),
                server.openConnections(), server.callsInFlight(), server.queuedCalls(), busy < 0 ? null : busy,
                refused, services);
    }

    private static RpcEndpoint.ServiceDescriptor describe(ServiceDescriptor service, CallModeResolver modes) {
        List<RpcEndpoint.MethodDescriptor> methods = new ArrayList<>();
        for (MethodDescriptor method : service.methods()) {
            methods.add(new RpcEndpoint.MethodDescriptor(method.name(), method.signature(), method.id(),
                    modes.resolve(method).name().toLowerCase(Locale.ROOT), null, null));
        }
        return new RpcEndpoint.ServiceDescriptor(service.name(), service.id(), service.type().getName(), methods);
    }
}
