package dev.rpc.spring.boot.aot;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.TypeVariable;
import java.util.HashSet;
import java.util.Set;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.core.ResolvableType;

/**
 * Registers what a service interface needs at run time when the application runs from Spring AOT's
 * generated code (and in a native image): reflection on the interface's methods, which the server invokes
 * and the client reads when it creates a proxy; the JDK proxy of a referenced interface, with the marker
 * interface the starter adds; and reflection on every type Jackson reads or writes for the interface.
 *
 * <p>The types are those reachable from the signatures of the interface's methods: parameter and return
 * types, the type arguments of generic ones ({@code CompletableFuture<StockLevel>}, {@code List<Item>}),
 * array components, the declared exceptions and, recursively, the types of their fields and bean properties.
 * Each gets its constructors, methods and fields; a declared exception also gets the public methods of its
 * JDK superclasses, whose getters Jackson reads. JDK types are left to Jackson, which knows them (their
 * type arguments are not). Jackson's own annotations on these types, such as {@code @JsonSerialize(using =
 * ...)}, are honoured through Spring's {@link BindingReflectionHintsRegistrar}. Type variables are resolved
 * against the interface, as the framework resolves them.
 *
 * <p>Stateless; its methods may be called from any thread.
 */
public final class RpcInterfaceHints {

    private static final MemberCategory[] DATA_TYPE_MEMBERS = { MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
            MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
            MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS,
            MemberCategory.ACCESS_PUBLIC_FIELDS };

    private final BindingReflectionHintsRegistrar jackson = new BindingReflectionHintsRegistrar();

    /**
     * Registers the hints of an interface a server exports.
     * @param hints where to register
     * @param serviceInterface the exported interface
     */
    public void registerExported(RuntimeHints hints, Class<?> serviceInterface) {
        registerInterface(hints, serviceInterface);
    }

    /**
     * Registers the hints of an interface a client references: those of {@link #registerExported}, and the
     * JDK proxy the client creates, which implements the interface and {@link AopInfrastructureBean}, in
     * that order.
     * @param hints where to register
     * @param serviceInterface the referenced interface
     */
    public void registerReferenced(RuntimeHints hints, Class<?> serviceInterface) {
        registerInterface(hints, serviceInterface);
        hints.proxies().registerJdkProxy(serviceInterface, AopInfrastructureBean.class);
    }

    private void registerInterface(RuntimeHints hints, Class<?> serviceInterface) {
        hints.reflection().registerType(serviceInterface, MemberCategory.INVOKE_PUBLIC_METHODS);
        Set<Class<?>> seen = new HashSet<>();
        for (Method method : serviceInterface.getMethods()) {
            if (!Modifier.isAbstract(method.getModifiers())) {
                continue; // default and static methods run locally: nothing of theirs travels
            }
            // a method inherited from a generic interface is declared, and invoked, there
            hints.reflection().registerType(method.getDeclaringClass(), MemberCategory.INVOKE_PUBLIC_METHODS);
            registerData(hints, ResolvableType.forMethodReturnType(method, serviceInterface), seen);
            for (int i = 0; i < method.getParameterCount(); i++) {
                registerData(hints, ResolvableType.forMethodParameter(method, i, serviceInterface), seen);
            }
            for (Class<?> exception : method.getExceptionTypes()) {
                registerException(hints, exception, seen);
            }
        }
    }

    private void registerException(RuntimeHints hints, Class<?> exception, Set<Class<?>> seen) {
        registerData(hints, ResolvableType.forClass(exception), seen);
        for (Class<?> type = exception; type != null && type != Object.class; type = type.getSuperclass()) {
            if (isJdkType(type)) {
                hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
            }
        }
    }

    private void registerData(RuntimeHints hints, ResolvableType type, Set<Class<?>> seen) {
        if (type == ResolvableType.NONE) {
            return;
        }
        if (type.isArray()) {
            registerData(hints, type.getComponentType(), seen);
            return;
        }
        if (!(type.getType() instanceof TypeVariable<?>)) {
            // a variable left unbound stands for its bound, whose own arguments may name the variable again
            for (ResolvableType generic : type.getGenerics()) {
                registerData(hints, generic, seen);
            }
        }
        Class<?> resolved = type.resolve();
        if (resolved == null || resolved.isPrimitive() || isJdkType(resolved) || !seen.add(resolved)) {
            return;
        }
        hints.reflection().registerType(resolved, DATA_TYPE_MEMBERS);
        this.jackson.registerReflectionHints(hints.reflection(), resolved);
        if (resolved.isEnum() || resolved.isInterface()) {
            return;
        }
        for (Class<?> declarer = resolved; declarer != null && !isJdkType(declarer); declarer = declarer.getSuperclass()) {
            if (declarer != resolved) {
                hints.reflection().registerType(declarer, DATA_TYPE_MEMBERS);
            }
            for (Field field : declarer.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    registerData(hints, ResolvableType.forField(field, type), seen);
                }
            }
        }
        for (Method method : resolved.getMethods()) {
            if (isProperty(method)) {
                registerData(hints, ResolvableType.forMethodReturnType(method, resolved), seen);
            }
        }
    }

    /** A getter, or a record's accessor, as Jackson finds the properties it writes. */
    private static boolean isProperty(Method method) {
        return !Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                && method.getReturnType() != void.class && method.getDeclaringClass() != Object.class
                && !isJdkType(method.getDeclaringClass());
    }

    private static boolean isJdkType(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
    }
}
