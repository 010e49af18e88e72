package dev.rpc.spring.boot.server;

import java.util.Arrays;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.util.ClassUtils;

/**
 * Leaves Spring's {@code @Async} advice out of an exported bean. Through the async proxy a service method
 * would return at once and run later, so the server would answer, or acknowledge a callback-mode call,
 * before the method ran, and its failure would never reach the caller. Every other advice (transactions,
 * security, metrics) is kept.
 */
final class AsyncAdvice {

    private AsyncAdvice() {
    }

    /**
     * Returns the bean itself when it carries no async advice; otherwise a new proxy of the same target with
     * the same advice except the async advice, or the target itself when nothing else advises it.
     */
    static Object without(Object bean) {
        if (!(bean instanceof Advised advised) || !hasAsyncAdvisor(advised)) {
            return bean;
        }
        Advisor[] kept = Arrays.stream(advised.getAdvisors())
                .filter(advisor -> !(advisor instanceof AsyncAnnotationAdvisor))
                .toArray(Advisor[]::new);
        if (kept.length == 0 && advised.getTargetSource().isStatic()) {
            try {
                return advised.getTargetSource().getTarget();
            }
            catch (Exception ex) {
                throw new IllegalStateException("Cannot obtain the target of " + bean, ex);
            }
        }
        ProxyFactory factory = new ProxyFactory();
        factory.setProxyTargetClass(advised.isProxyTargetClass());
        factory.setExposeProxy(advised.isExposeProxy());
        factory.setTargetSource(advised.getTargetSource());
        factory.setInterfaces(advised.getProxiedInterfaces());
        factory.addAdvisors(kept);
        return factory.getProxy(ClassUtils.getDefaultClassLoader());
    }

    private static boolean hasAsyncAdvisor(Advised advised) {
        return Arrays.stream(advised.getAdvisors()).anyMatch(AsyncAnnotationAdvisor.class::isInstance);
    }
}
