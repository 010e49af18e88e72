package dev.rpc.spring.boot.context;

import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one bean per interface listed in {@link EnableRpcClients#clients()}; each bean is the proxy that
 * {@link RpcReferenceFactory} creates, the same one an {@code @RpcReference} field of that interface gets.
 */
public class RpcClientsRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Class<?>[] clients = (Class<?>[]) metadata.getAnnotationAttributes(EnableRpcClients.class.getName(), false)
                .get("clients");
        for (Class<?> client : clients) {
            registry.registerBeanDefinition(beanName(client), definition(client, metadata.getClassName()));
        }
    }

    private <T> BeanDefinition definition(Class<T> client, String declaredBy) {
        RootBeanDefinition definition = new RootBeanDefinition(client, () -> this.beanFactory
                .getBean(RpcReferenceFactory.class).getProxy(client, null, "@EnableRpcClients on " + declaredBy));
        definition.setRole(BeanDefinition.ROLE_APPLICATION);
        return definition;
    }

    private static String beanName(Class<?> client) {
        return "rpcClient." + client.getName();
    }
}
