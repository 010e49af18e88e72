package dev.rpc.spring.boot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.rpc.core.client.AddressConnections;
import dev.rpc.core.client.CallMode;
import dev.rpc.core.client.Idempotent;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.actuate.RpcEndpoint.AddressDescriptor;
import dev.rpc.spring.boot.actuate.RpcEndpoint.ClientDescriptor;
import dev.rpc.spring.boot.actuate.RpcEndpoint.DiscoveryDescriptor;
import dev.rpc.spring.boot.actuate.RpcEndpoint.ReferenceDescriptor;
import dev.rpc.spring.boot.client.RpcReferenceFactory;

/**
 * Describes the client for the {@code rpc} endpoint: its settings, its connections per address, and each reference
 * with the timeout its methods get (the method's own, else the reference's, else the client's default).
 */
final class ClientDescriber {

    private ClientDescriber() {
    }

    static ClientDescriptor describe(RpcClientOptions options, RpcClient client, RpcReferenceFactory factory) {
        List<AddressDescriptor> addresses = new ArrayList<>();
        if (client != null) {
            for (AddressConnections address : client.addresses()) {
                addresses.add(new AddressDescriptor(RpcEndpoint.hostAndPort(address.address()), address.connections(),
                        address.open(), address.reconnects(), address.failedAttempts(), address.failure()));
            }
        }
        List<ReferenceDescriptor> references = new ArrayList<>();
        if (factory != null) {
            for (RpcReferenceFactory.Reference reference : factory.references()) {
                references.add(describe(reference, options));
            }
        }
        return new ClientDescriptor(client != null, options.defaultTimeout(), options.connectTimeout(),
                options.format().name(), options.connectionsPerAddress(), options.maxAttempts(),
                options.discovery() != null, client == null ? 0 : client.openConnections(),
                client == null ? 0 : client.failovers(), addresses, references);
    }

    private static ReferenceDescriptor describe(RpcReferenceFactory.Reference reference, RpcClientOptions client) {
        ReferenceOptions options = reference.options();
        ServiceDescriptor service = options.serviceName() == null ? ServiceDescriptor.of(reference.serviceInterface())
                : ServiceDescriptor.of(reference.serviceInterface(), options.serviceName());
        List<RpcEndpoint.MethodDescriptor> methods = new ArrayList<>();
        for (MethodDescriptor method : service.methods()) {
            CallMode mode = client.callModeResolver().resolve(method);
            methods.add(new RpcEndpoint.MethodDescriptor(method.name(), method.signature(), method.id(),
                    mode.name().toLowerCase(Locale.ROOT), timeout(method, options, client),
                    method.method().isAnnotationPresent(Idempotent.class)
                            || options.idempotentMethods().contains(method.name())
                            || options.idempotentMethods().contains(method.signature())));
        }
        String address = options.address() == null ? null : RpcEndpoint.hostAndPort(options.address());
        DiscoveryDescriptor discovery = null;
        if (options.address() == null && client.discovery() != null) {
            ProviderView view = client.discovery().watch(service.name());
            discovery = new DiscoveryDescriptor(view.location(),
                    view.providers().stream().map(ServiceInstance::address).map(RpcEndpoint::hostAndPort).toList());
        }
        return new ReferenceDescriptor(reference.serviceInterface().getName(), reference.serviceKey(), service.name(),
                address, discovery, options.timeout(), options.inheritDeadline(),
                List.copyOf(options.metadata().keySet()), methods);
    }

    private static Duration timeout(MethodDescriptor method, ReferenceOptions options, RpcClientOptions client) {
        Duration bySignature = options.methodTimeouts().get(method.signature());
        if (bySignature != null) {
            return bySignature;
        }
        Duration byName = options.methodTimeouts().get(method.name());
        if (byName != null) {
            return byName;
        }
        return options.timeout() != null ? options.timeout() : client.defaultTimeout();
    }
}
