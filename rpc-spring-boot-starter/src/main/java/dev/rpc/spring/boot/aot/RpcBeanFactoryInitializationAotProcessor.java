package dev.rpc.spring.boot.aot;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.server.RpcServiceCollector;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds, when Spring AOT processes the application, the service interfaces its beans export and reference,
 * and registers their {@link RpcInterfaceHints}: the interfaces of {@code @RpcService} beans; the types of
 * {@code @RpcReference} fields and parameters (of constructors, {@code @Bean} methods and other methods),
 * with reflection on those fields, which the starter sets; and the interfaces listed by
 * {@code @EnableRpcClients}.
 *
 * <p>Registered in {@code META-INF/spring/aot.factories}; runs at build time only.
 */
class RpcBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Set<Class<?>> exported = new LinkedHashSet<>();
        Set<Class<?>> referenced = new LinkedHashSet<>();
        List<Field> referenceFields = new ArrayList<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            Class<?> beanType = beanFactory.getType(beanName, false);
            if (beanType == null) {
                continue;
            }
            Class<?> beanClass = ClassUtils.getUserClass(beanType);
            RpcService service = beanFactory.findAnnotationOnBean(beanName, RpcService.class, false);
            if (service != null) {
                exported.addAll(exportedBy(beanName, beanClass, service));
            }
            ReflectionUtils.doWithFields(beanClass, field -> {
                referenceFields.add(field);
                referenced.add(field.getType());
            }, field -> AnnotatedElementUtils.hasAnnotation(field, RpcReference.class));
            for (Executable executable : injectionPoints(beanClass)) {
                for (Parameter parameter : executable.getParameters()) {
                    if (parameter.isAnnotationPresent(RpcReference.class)) {
                        referenced.add(parameter.getType());
                    }
                }
            }
            MergedAnnotations.from(beanClass, SearchStrategy.TYPE_HIERARCHY).stream(EnableRpcClients.class)
                    .map(MergedAnnotation::synthesize)
                    .forEach(clients -> referenced.addAll(List.of(clients.clients())));
        }
        referenced.removeIf(type -> !type.isInterface());
        if (exported.isEmpty() && referenced.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            RuntimeHints hints = generationContext.getRuntimeHints();
            RpcInterfaceHints interfaceHints = new RpcInterfaceHints();
            exported.forEach(serviceInterface -> interfaceHints.registerExported(hints, serviceInterface));
            referenced.forEach(serviceInterface -> interfaceHints.registerReferenced(hints, serviceInterface));
            referenceFields.forEach(field -> hints.reflection().registerField(field));
        };
    }

    /** Returns the interfaces a bean exports; none when its annotation is wrong, which startup reports. */
    private static Set<Class<?>> exportedBy(String beanName, Class<?> beanClass, RpcService service) {
        try {
            return RpcServiceCollector.interfacesToExport(beanName, beanClass, service);
        }
        catch (IllegalStateException ex) {
            return Set.of();
        }
    }

    /**
     * Returns the constructors and methods of a bean class; none when one of them names a class that is not on
     * the classpath (a configuration class's method for an absent optional dependency), as the bean factory
     * would not call them either.
     */
    private static List<Executable> injectionPoints(Class<?> beanClass) {
        try {
            List<Executable> executables = new ArrayList<>(List.of(beanClass.getDeclaredConstructors()));
            executables.addAll(List.of(ReflectionUtils.getUniqueDeclaredMethods(beanClass,
                    ReflectionUtils.USER_DECLARED_METHODS)));
            return executables;
        }
        catch (LinkageError ex) {
            return List.of();
        }
    }
}
