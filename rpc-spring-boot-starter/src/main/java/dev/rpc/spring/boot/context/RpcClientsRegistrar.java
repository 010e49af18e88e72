package dev.rpc.spring.boot.context;

import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one bean per interface listed in {@link EnableRpcClients#clients()}; each bean is the proxy that
 * {@link RpcReferenceFactory} creates, the same one an {@code @RpcReference} field of that interface gets,
 * made by an {@link RpcClientFactoryBean}.
 */
public class RpcClientsRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Class<?>[] clients = (Class<?>[]) metadata.getAnnotationAttributes(EnableRpcClients.class.getName(), false)
                .get("clients");
        for (Class<?> client : clients) {
            registry.registerBeanDefinition(beanName(client), definition(client, metadata.getClassName()));
        }
    }

    private static BeanDefinition definition(Class<?> client, String declaredBy) {
        RootBeanDefinition definition = new RootBeanDefinition(RpcClientFactoryBean.class);
        definition.setTargetType(ResolvableType.forClassWithGenerics(RpcClientFactoryBean.class, client));
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, client);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, declaredBy);
        definition.setRole(BeanDefinition.ROLE_APPLICATION);
        return definition;
    }

    private static String beanName(Class<?> client) {
        return "rpcClient." + client.getName();
    }
}
