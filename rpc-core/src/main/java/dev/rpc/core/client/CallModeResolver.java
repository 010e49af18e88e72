package dev.rpc.core.client;

import java.lang.annotation.Annotation;
import java.util.Objects;

import dev.rpc.core.service.MethodDescriptor;

/**
 * Chooses the {@link CallMode} of each proxy method, once, when the proxy is created. Pluggable so that
 * frameworks can map their own conventions (the Spring starter maps {@code @Async void} methods to
 * {@link CallMode#CALLBACK}).
 */
@FunctionalInterface
public interface CallModeResolver {

    /** {@link CallMode#FUTURE} for methods returning {@code CompletableFuture}, {@link CallMode#RESPONSE} otherwise. */
    CallModeResolver DEFAULT = method -> method.futureResult() ? CallMode.FUTURE : CallMode.RESPONSE;

    /** Returns the mode of a method. */
    CallMode resolve(MethodDescriptor method);

    /**
     * Returns a resolver that selects {@link CallMode#CALLBACK} for {@code void} methods carrying the given
     * annotation (on the interface method), and {@link #DEFAULT} otherwise.
     */
    static CallModeResolver callbackWhenAnnotated(Class<? extends Annotation> annotation) {
        Objects.requireNonNull(annotation, "annotation");
        return method -> method.method().getReturnType() == void.class && method.method().isAnnotationPresent(annotation)
                ? CallMode.CALLBACK : DEFAULT.resolve(method);
    }
}
