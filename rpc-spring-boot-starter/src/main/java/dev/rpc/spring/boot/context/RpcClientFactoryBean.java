package dev.rpc.spring.boot.context;

import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.client.RpcReferenceFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

/**
 * The bean of one interface listed in {@link EnableRpcClients#clients()}: the proxy that
 * {@link RpcReferenceFactory} creates, the same one an {@code @RpcReference} field of that interface gets.
 *
 * <p>A factory bean with plain constructor arguments, rather than an instance supplier, so that Spring AOT
 * can write the bean definition as code.
 *
 * @param <T> the service interface
 */
public class RpcClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

    private final Class<T> client;

    private final String declaredBy;

    private BeanFactory beanFactory;

    /**
     * Creates the factory bean.
     * @param client the service interface
     * @param declaredBy the class annotated with {@code @EnableRpcClients}, for error messages
     */
    public RpcClientFactoryBean(Class<T> client, String declaredBy) {
        this.client = client;
        this.declaredBy = declaredBy;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public T getObject() {
        return this.beanFactory.getBean(RpcReferenceFactory.class)
                .getProxy(this.client, null, "@EnableRpcClients on " + this.declaredBy);
    }

    @Override
    public Class<T> getObjectType() {
        return this.client;
    }
}
