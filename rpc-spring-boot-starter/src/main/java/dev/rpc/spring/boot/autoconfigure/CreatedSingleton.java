package dev.rpc.spring.boot.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Returns a singleton bean once something else created it, never creating it: for monitoring a lazy bean (the
 * {@code RpcClient} and its I/O threads are created on the first reference) without starting it. Thread-safe.
 */
final class CreatedSingleton<T> implements Supplier<T> {

    private final ConfigurableListableBeanFactory beanFactory;

    private final Class<T> type;

    private volatile T found;

    CreatedSingleton(ConfigurableListableBeanFactory beanFactory, Class<T> type) {
        this.beanFactory = beanFactory;
        this.type = type;
    }

    /** Returns the bean if it was created, else {@code null}. */
    @Override
    public T get() {
        T bean = found;
        if (bean != null) {
            return bean;
        }
        for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
            Object singleton = beanFactory.getSingleton(name);
            if (type.isInstance(singleton)) {
                found = type.cast(singleton);
                return found;
            }
        }
        return null;
    }
}
