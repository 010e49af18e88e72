package dev.rpc.spring.boot.client;

import java.util.function.Supplier;

import dev.rpc.spring.boot.annotation.RpcReference;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.core.MethodParameter;

/**
 * Resolves constructor and method parameters annotated with {@link RpcReference} to client proxies, and
 * leaves every other dependency to the resolver it wraps.
 */
public class RpcReferenceAutowireCandidateResolver implements AutowireCandidateResolver {

    private final AutowireCandidateResolver delegate;

    private final Supplier<RpcReferenceFactory> factory;

    /**
     * Creates the resolver.
     * @param delegate the bean factory's previous resolver
     * @param factory returns the proxy factory, on first need
     */
    public RpcReferenceAutowireCandidateResolver(AutowireCandidateResolver delegate, Supplier<RpcReferenceFactory> factory) {
        this.delegate = delegate;
        this.factory = factory;
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        MethodParameter parameter = descriptor.getMethodParameter();
        RpcReference reference = parameter != null ? parameter.getParameterAnnotation(RpcReference.class) : null;
        if (reference == null) {
            return this.delegate.getSuggestedValue(descriptor);
        }
        String where = "parameter " + parameter.getParameterIndex() + " (" + parameter.getParameterName() + ") of "
                + parameter.getExecutable().toGenericString();
        return this.factory.get().getProxy(descriptor.getDependencyType(), reference.service(), where);
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
        return this.delegate.isAutowireCandidate(holder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return this.delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return this.delegate.hasQualifier(descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
        return this.delegate.getSuggestedName(descriptor);
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new RpcReferenceAutowireCandidateResolver(this.delegate.cloneIfNecessary(), this.factory);
    }
}
