package dev.rpc.spring.boot.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rpc.core.client.RpcClient;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import dev.rpc.spring.boot.server.ExportedService;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Collects the {@code @RpcService} beans, then, for each interface the context references and no
 * {@code @RpcService} exports, its fake: the one bean of that interface that is not a client proxy, such as a
 * {@code @MockitoBean} or a test {@code @Bean}. A referenced interface without a fake is not exported, and its
 * calls are answered {@code NOT_FOUND} naming the service. A warning says when the fake took the place of an
 * {@code @EnableRpcClients} client bean, whose callers then skip the transport.
 */
public class TestRpcServiceCollector extends RpcServiceCollector {

    private static final Logger logger = LoggerFactory.getLogger(TestRpcServiceCollector.class);

    private final ObjectProvider<RpcReferenceFactory> references;

    /**
     * Creates the collector.
     * @param references the factory of the context's references, which knows what the context calls
     */
    public TestRpcServiceCollector(ObjectProvider<RpcReferenceFactory> references) {
        this.references = references;
    }

    /**
     * {@inheritDoc}
     * @throws IllegalStateException also if a referenced interface has several fakes
     */
    @Override
    public List<ExportedService> collect(ListableBeanFactory beanFactory) {
        List<ExportedService> services = new ArrayList<>(super.collect(beanFactory));
        Set<String> exported = new HashSet<>();
        services.forEach(service -> exported.add(service.service().name()));
        warnAboutReplacedClientBeans(beanFactory);
        RpcReferenceFactory factory = this.references.getIfAvailable();
        if (factory == null) {
            return services;
        }
        for (Map.Entry<String, Class<?>> referenced : referencedServices(factory).entrySet()) {
            if (exported.add(referenced.getKey())) {
                ExportedService fake = fake(beanFactory, referenced.getKey(), referenced.getValue());
                if (fake != null) {
                    services.add(fake);
                }
            }
        }
        return services;
    }

    private static void warnAboutReplacedClientBeans(ListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (name.startsWith(FakeServiceCandidates.CLIENT_BEAN_PREFIX) && !RpcClient.isProxy(beanFactory.getBean(name))) {
                logger.warn("The client bean '{}' was replaced (by an unnamed @MockitoBean?): the application calls the "
                        + "replacement directly, not through the RPC transport. Name the mock, @MockitoBean(name = "
                        + "\"...\"), to fake the server beside the client instead", name);
            }
        }
    }

    private static Map<String, Class<?>> referencedServices(RpcReferenceFactory factory) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (RpcReferenceFactory.Reference reference : factory.references()) {
            String name = reference.options().serviceName() != null ? reference.options().serviceName()
                    : ServiceDescriptor.of(reference.serviceInterface()).name();
            byName.putIfAbsent(name, reference.serviceInterface());
        }
        return byName;
    }

    private static ExportedService fake(ListableBeanFactory beanFactory, String serviceName, Class<?> serviceInterface) {
        Map<String, ?> fakes = new LinkedHashMap<>(beanFactory.getBeansOfType(serviceInterface));
        fakes.values().removeIf(RpcClient::isProxy);
        if (fakes.isEmpty()) {
            return null;
        }
        if (fakes.size() > 1) {
            throw new IllegalStateException("Several beans could serve the referenced service " + serviceName
                    + " in the JVM: " + fakes.keySet() + "; keep one fake of " + serviceInterface.getName()
                    + " in the test context");
        }
        Map.Entry<String, ?> only = fakes.entrySet().iterator().next();
        return new ExportedService(only.getKey(), ServiceDescriptor.of(serviceInterface, serviceName), only.getValue());
    }
}
