package dev.rpc.spring.boot.test;

import dev.rpc.spring.boot.annotation.RpcService;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;

/**
 * Keeps injection by type unambiguous when a test fakes a service whose client is a bean of its own, declared with
 * {@code @EnableRpcClients}: every other bean of that interface, unless it is an {@code @RpcService}, is made no
 * default autowire candidate, so the application's injection points by type keep receiving the client proxy, whose
 * calls reach the fake through the transport. The test reaches the fake through its {@code @MockitoBean} field, by
 * bean name, or with a qualifier.
 *
 * <p>Runs last among bean factory post-processors, after Spring's test support has registered the
 * {@code @MockitoBean} fakes.
 */
final class FakeServiceCandidates implements BeanFactoryPostProcessor, Ordered {

    /** How {@code @EnableRpcClients} names the bean of each client interface. */
    static final String CLIENT_BEAN_PREFIX = "rpcClient.";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        boolean changed = false;
        for (String clientBean : beanFactory.getBeanDefinitionNames()) {
            // the type the bean's factory makes, read from the definition: nothing is created yet
            Class<?> client = clientBean.startsWith(CLIENT_BEAN_PREFIX) ? beanFactory.getType(clientBean, false) : null;
            if (client == null || !client.isInterface()) {
                continue;
            }
            for (String candidate : beanFactory.getBeanNamesForType(client, true, false)) {
                if (!candidate.equals(clientBean) && beanFactory.containsBeanDefinition(candidate)
                        && beanFactory.findAnnotationOnBean(candidate, RpcService.class, false) == null) {
                    BeanDefinition fake = beanFactory.getBeanDefinition(candidate);
                    if (fake instanceof AbstractBeanDefinition definition && definition.isDefaultCandidate()) {
                        definition.setDefaultCandidate(false);
                        changed = true;
                    }
                }
            }
        }
        if (changed) {
            beanFactory.clearMetadataCache();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
