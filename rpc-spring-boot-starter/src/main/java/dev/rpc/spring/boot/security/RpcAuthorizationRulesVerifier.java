package dev.rpc.spring.boot.security;

import java.util.List;

import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.server.ExportedService;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails the startup when a key of the {@link RpcAuthorizationRules} names no exported service or method, once every
 * singleton exists: a misspelt key would otherwise leave its method to the default rule.
 */
public final class RpcAuthorizationRulesVerifier implements SmartInitializingSingleton {

    private final RpcAuthorizationRules rules;

    private final RpcServiceCollector collector;

    private final ListableBeanFactory beanFactory;

    /**
     * Creates the verifier.
     * @param rules the rules to verify
     * @param collector finds what the server exports
     * @param beanFactory the context of the {@code @RpcService} beans
     */
    public RpcAuthorizationRulesVerifier(RpcAuthorizationRules rules, RpcServiceCollector collector,
            ListableBeanFactory beanFactory) {
        this.rules = rules;
        this.collector = collector;
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ServiceDescriptor> services = this.collector.collect(this.beanFactory).stream()
                .map(ExportedService::service)
                .toList();
        List<String> unknown = this.rules.unknownKeys(services);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("RpcAuthorizationRules keys " + unknown + " name no exported method. Write "
                    + "<service>/<method name>, <service>/<signature> or <service>/*, with a service among "
                    + services.stream().map(ServiceDescriptor::name).sorted().toList() + " and one of its methods: "
                    + services.stream().map(service -> service.name() + ": " + service.describeMethods()).toList());
        }
    }
}
