package dev.rpc.spring.boot.client;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * Wraps the bean factory's autowire candidate resolver in a {@link RpcReferenceAutowireCandidateResolver},
 * so that {@code @RpcReference} constructor parameters receive client proxies.
 */
public class RpcReferenceResolverInstaller implements BeanFactoryPostProcessor {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (beanFactory instanceof DefaultListableBeanFactory listable
                && !(listable.getAutowireCandidateResolver() instanceof RpcReferenceAutowireCandidateResolver)) {
            listable.setAutowireCandidateResolver(new RpcReferenceAutowireCandidateResolver(
                    listable.getAutowireCandidateResolver(), () -> beanFactory.getBean(RpcReferenceFactory.class)));
        }
    }
}
