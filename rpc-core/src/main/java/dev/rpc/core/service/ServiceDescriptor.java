package dev.rpc.core.service;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.rpc.core.protocol.Protocol;

/**
 * A service interface resolved once into its remote methods. The service name defaults to the
 * interface's binary name; its FNV-1a hash is the service id on the wire.
 *
 * <p>Every abstract method of the interface (and of the interfaces it extends) is remote; default and
 * static methods stay local. The type variables the interface binds in the interfaces it extends are
 * resolved against it: for {@code interface OrderService extends CrudService<Order, UUID>}, the inherited
 * {@code List<T> all()} has the result type {@code List<Order>}. Method ids do not depend on that: they
 * are derived from the erased signature of the method as declared: {@code find(java.lang.Object)} for
 * the inherited {@code T find(ID id)}.
 *
 * <p>Creation fails with {@link IllegalArgumentException}, naming the method and what to change, when a
 * method cannot be called remotely: a type variable that stays unbound (one of a generic service
 * interface, of a superinterface extended raw, or of the method itself), a {@code Future} other than
 * {@code CompletableFuture}, more than 255 parameters, or two signatures whose ids collide. Immutable and
 * thread-safe.
 */
public final class ServiceDescriptor {

    private final Class<?> type;

    private final String name;

    private final int id;

    private final List<MethodDescriptor> methods;

    private final Map<Method, MethodDescriptor> byMethod;

    private ServiceDescriptor(Class<?> type, String name) {
        this.type = type;
        this.name = name;
        this.id = Protocol.fnv1a32(name);
        TypeVariableResolver types = TypeVariableResolver.of(type);
        List<MethodDescriptor> resolved = new ArrayList<>();
        Map<Integer, MethodDescriptor> byId = new HashMap<>();
        Method[] candidates = type.getMethods();
        Arrays.sort(candidates, Comparator.comparing(ServiceDescriptor::signatureOf));
        for (Method method : candidates) {
            if (!Modifier.isAbstract(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            MethodDescriptor descriptor = describe(method, types);
            MethodDescriptor clash = byId.putIfAbsent(descriptor.id(), descriptor);
            if (clash != null) {
                if (clash.signature().equals(descriptor.signature())) {
                    continue; // the same method inherited twice
                }
                throw new IllegalArgumentException("Methods " + clash.signature() + " and " + descriptor.signature()
                        + " of " + name + " have the same wire id " + descriptor.id() + "; rename one of them");
            }
            resolved.add(descriptor);
        }
        this.methods = List.copyOf(resolved);
        Map<Method, MethodDescriptor> index = new HashMap<>();
        for (MethodDescriptor descriptor : resolved) {
            index.put(descriptor.method(), descriptor);
        }
        for (Method method : candidates) {
            if (!index.containsKey(method) && Modifier.isAbstract(method.getModifiers())) {
                index.put(method, byId.get(Protocol.fnv1a32(signatureOf(method))));
            }
        }
        this.byMethod = Map.copyOf(index);
    }

    /**
     * Resolves a service interface under its binary name.
     * @throws IllegalArgumentException if {@code type} is not an interface or has a method that cannot be remote
     */
    public static ServiceDescriptor of(Class<?> type) {
        return of(type, Objects.requireNonNull(type, "type").getName());
    }

    /**
     * Resolves a service interface under the given service name.
     * @throws IllegalArgumentException if {@code type} is not an interface or has a method that cannot be remote
     */
    public static ServiceDescriptor of(Class<?> type, String name) {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface: remote services are "
                    + "declared by an interface that client and server share");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Service name of " + type.getName() + " must not be blank");
        }
        return new ServiceDescriptor(type, name);
    }

    /** Returns the service interface. */
    public Class<?> type() {
        return type;
    }

    /** Returns the service name. */
    public String name() {
        return name;
    }

    /** Returns the service id sent on the wire: FNV-1a 32 of {@link #name()}. */
    public int id() {
        return id;
    }

    /** Returns the remote methods, sorted by signature. */
    public List<MethodDescriptor> methods() {
        return methods;
    }

    /** Returns the descriptor of an interface method, or {@code null} if it is not remote (default or Object method). */
    public MethodDescriptor method(Method method) {
        return byMethod.get(method);
    }

    /** Returns the remote methods' signatures, comma-separated, for messages. */
    public String describeMethods() {
        return methods.stream().map(MethodDescriptor::signature).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name;
    }

    /** Returns the signature a method id is derived from: {@code name(erased,parameter,types)}. */
    public static String signatureOf(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private MethodDescriptor describe(Method method, TypeVariableResolver types) {
        String signature = signatureOf(method);
        String where = name + "." + signature;
        if (method.getParameterCount() > 255) {
            throw new IllegalArgumentException(where + " has more than 255 parameters; pass a record instead");
        }
        if (method.getTypeParameters().length > 0) {
            throw new IllegalArgumentException(where + " declares type parameters " + Arrays.toString(method.getTypeParameters())
                    + "; remote methods need concrete types, resolved once, so nothing on the wire picks a class");
        }
        Type[] parameters = method.getGenericParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = types.resolve(parameters[i]);
            requireConcrete(parameters[i], where);
        }
        Type returnType = types.resolve(method.getGenericReturnType());
        Class<?> rawReturn = rawClassOf(returnType, method.getReturnType());
        boolean future = false;
        Type result = returnType;
        if (rawReturn == CompletableFuture.class) {
            future = true;
            result = returnType instanceof ParameterizedType parameterized
                    ? parameterized.getActualTypeArguments()[0] : Object.class;
        }
        else if (Future.class.isAssignableFrom(rawReturn) || CompletionStage.class.isAssignableFrom(rawReturn)) {
            throw new IllegalArgumentException(where + " returns " + rawReturn.getName()
                    + "; asynchronous methods must return java.util.concurrent.CompletableFuture");
        }
        requireConcrete(result, where);
        if (method.getExceptionTypes().length >= Protocol.NO_DECLARED_EXCEPTION) {
            throw new IllegalArgumentException(where + " declares too many exception types");
        }
        return new MethodDescriptor(this, method, signature, parameters, result, future,
                List.of(method.getExceptionTypes()));
    }

    /**
     * Returns the class of a resolved return type: a {@code T} bound to {@code CompletableFuture<String>}
     * makes the method asynchronous although its erased return type is {@code Object}.
     */
    private static Class<?> rawClassOf(Type resolved, Class<?> erased) {
        if (resolved instanceof Class<?> type) {
            return type;
        }
        if (resolved instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return erased;
    }

    private void requireConcrete(Type type, String where) {
        if (type instanceof TypeVariable<?> variable) {
            throw new IllegalArgumentException(where + " uses the type variable " + variable.getName() + " of "
                    + declarerOf(variable) + ", which " + this.type.getName() + " leaves unbound; remote methods need "
                    + "concrete types, resolved once, so nothing on the wire picks a class: export an interface that "
                    + "binds it, e.g. interface OrderService extends CrudService<Order, UUID>");
        }
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                requireConcrete(argument, where);
            }
            if (parameterized.getOwnerType() != null) {
                requireConcrete(parameterized.getOwnerType(), where);
            }
        }
        else if (type instanceof GenericArrayType array) {
            requireConcrete(array.getGenericComponentType(), where);
        }
        else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                requireConcrete(bound, where);
            }
            for (Type bound : wildcard.getLowerBounds()) {
                requireConcrete(bound, where);
            }
        }
    }

    private static String declarerOf(TypeVariable<?> variable) {
        return variable.getGenericDeclaration() instanceof Class<?> declarer ? declarer.getName()
                : variable.getGenericDeclaration().toString();
    }
}
