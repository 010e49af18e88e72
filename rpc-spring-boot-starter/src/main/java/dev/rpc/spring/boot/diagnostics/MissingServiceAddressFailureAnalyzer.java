package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link MissingServiceAddressException}: which property to set. */
class MissingServiceAddressFailureAnalyzer extends AbstractFailureAnalyzer<MissingServiceAddressException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingServiceAddressException cause) {
        String description = String.format("%s needs a client proxy of %s, but no address is configured for the "
                + "service key '%s'.", cause.getInjectionPoint(), cause.getServiceInterface().getName(), cause.getServiceKey());
        String action = String.format("Set the property 'rpc.client.services.%s.address' to the server's host:port, "
                + "for example:%n%n    rpc:%n      client:%n        services:%n          %s:%n            address: 127.0.0.1:9090%n%n"
                + "or use @RpcReference(service = \"...\") to name an entry that is configured, "
                + "or find the providers through service discovery: add rpc-discovery-zookeeper and set "
                + "'rpc.discovery.zookeeper.connect-string'.",
                cause.getServiceKey(), cause.getServiceKey());
        return new FailureAnalysis(description, action, cause);
    }
}
