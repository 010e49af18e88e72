package dev.rpc.spring.boot.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.diagnostics.DuplicateRpcServiceException;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds the {@code @RpcService} beans of a context and resolves what each one exports. Fails, naming the
 * bean, when an interface cannot be remote, when a bean exports nothing, or when two beans export the same
 * service.
 */
public class RpcServiceCollector {

    private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jakarta.", "kotlin.", "groovy.",
            "org.springframework.");

    /**
     * Returns the services to export, in bean registration order.
     * @throws DuplicateRpcServiceException if two beans export the same service name
     * @throws RpcInterfaceException if an interface cannot be called remotely
     * @throws IllegalStateException if a bean exports no interface, or {@code @RpcService} names one the bean does not implement
     */
    public List<ExportedService> collect(ListableBeanFactory beanFactory) {
        Map<String, ExportedService> byServiceName = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanNamesForAnnotation(RpcService.class)) {
            RpcService annotation = beanFactory.findAnnotationOnBean(beanName, RpcService.class);
            Object bean = beanFactory.getBean(beanName);
            Class<?> beanClass = AopUtils.getTargetClass(bean);
            Set<Class<?>> interfaces = interfacesToExport(beanName, beanClass, annotation);
            if (!annotation.serviceName().isEmpty() && interfaces.size() > 1) {
                throw new IllegalStateException("@RpcService(serviceName = \"" + annotation.serviceName() + "\") on bean '"
                        + beanName + "' is ambiguous: the bean exports " + interfaces.size() + " interfaces " + interfaces
                        + "; name one interface with @RpcService(value = ..., serviceName = ...)");
            }
            Object implementation = AsyncAdvice.without(bean);
            for (Class<?> serviceInterface : interfaces) {
                ServiceDescriptor service = describe(serviceInterface, annotation.serviceName(), beanName);
                ExportedService exported = new ExportedService(beanName, service, implementation);
                ExportedService previous = byServiceName.putIfAbsent(service.name(), exported);
                if (previous != null) {
                    throw new DuplicateRpcServiceException(service.name(), previous.beanName(), beanName);
                }
            }
        }
        return new ArrayList<>(byServiceName.values());
    }

    /**
     * Returns the interfaces an {@code @RpcService} bean exports: those its annotation names, or else every
     * interface its class implements that is not a framework's.
     * @param beanName the bean's name, for error messages
     * @param beanClass the bean's class, without proxies
     * @param annotation the bean's annotation
     * @throws IllegalStateException if the bean exports no interface, or the annotation names one the bean does
     *         not implement
     */
    public static Set<Class<?>> interfacesToExport(String beanName, Class<?> beanClass, RpcService annotation) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        if (annotation.value().length > 0) {
            for (Class<?> named : annotation.value()) {
                if (!named.isInterface() || !named.isAssignableFrom(beanClass)) {
                    throw new IllegalStateException("@RpcService on bean '" + beanName + "' names " + named.getName()
                            + ", which " + beanClass.getName() + " does not implement; name an interface the bean implements");
                }
                interfaces.add(named);
            }
            return interfaces;
        }
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Class<?> candidate : type.getInterfaces()) {
                if (isServiceInterface(candidate)) {
                    interfaces.add(candidate);
                }
            }
        }
        if (interfaces.isEmpty()) {
            throw new IllegalStateException("@RpcService bean '" + beanName + "' (" + beanClass.getName()
                    + ") implements no service interface; implement the interface clients call, which client and "
                    + "server share");
        }
        return interfaces;
    }

    private static boolean isServiceInterface(Class<?> candidate) {
        String name = candidate.getName();
        return FRAMEWORK_PACKAGES.stream().noneMatch(name::startsWith);
    }

    private static ServiceDescriptor describe(Class<?> serviceInterface, String serviceName, String beanName) {
        try {
            return serviceName.isEmpty() ? ServiceDescriptor.of(serviceInterface)
                    : ServiceDescriptor.of(serviceInterface, serviceName);
        }
        catch (IllegalArgumentException ex) {
            throw new RpcInterfaceException(serviceInterface, "the @RpcService bean '" + beanName + "'", ex);
        }
    }
}
