package dev.rpc.core.service;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The type variables an interface binds in the interfaces it extends, at any depth, substituted into the
 * generic types of the methods it inherits.
 *
 * <p>For {@code interface OrderService extends CrudService<Order, UUID>}, the {@code T} and {@code ID} of
 * {@code CrudService} resolve to {@code Order} and {@code UUID}: {@code List<T>} becomes {@code List<Order>},
 * {@code Map<ID, T>} becomes {@code Map<UUID, Order>}, {@code T[]} becomes {@code Order[]}. Bindings pass
 * through intermediate interfaces ({@code A extends B<X>}, {@code B<T> extends C<T, String>} binds both
 * variables of {@code C}). A variable that nothing binds (one of the interface itself, of a superinterface
 * extended raw, or of a method) is left in place, for the caller to refuse.
 *
 * <p>A type with nothing to substitute is returned as it is; a substituted one is built so that it compares
 * equal to the JDK's own representation of the same type (see {@link ResolvedParameterizedType}). A generic
 * array whose component resolves to a class becomes that array class, as the JDK represents {@code Order[]}.
 * Uses {@code java.lang.reflect} only. Immutable and thread-safe.
 */
final class TypeVariableResolver {

    private final Map<TypeVariable<?>, Type> bindings = new HashMap<>();

    private TypeVariableResolver(Class<?> type) {
        bind(type, new HashSet<>());
    }

    /** Returns the resolver of the type variables {@code type} binds in the interfaces it extends. */
    static TypeVariableResolver of(Class<?> type) {
        return new TypeVariableResolver(type);
    }

    /**
     * Binds the variables of each generic superinterface to its type arguments, resolved against the bindings
     * made so far, then goes up. Walks top-down, so the arguments of an intermediate interface are resolved
     * before that interface binds its own superinterfaces. Java forbids inheriting one interface with two
     * different arguments, so an interface reached twice is bound once.
     */
    private void bind(Class<?> type, Set<Class<?>> visited) {
        if (!visited.add(type)) {
            return;
        }
        for (Type superinterface : type.getGenericInterfaces()) {
            if (superinterface instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                TypeVariable<?>[] variables = raw.getTypeParameters();
                Type[] arguments = parameterized.getActualTypeArguments();
                for (int i = 0; i < variables.length; i++) {
                    bindings.putIfAbsent(variables[i], resolve(arguments[i]));
                }
                bind(raw, visited);
            }
            else if (superinterface instanceof Class<?> raw) {
                bind(raw, visited);
            }
        }
    }

    /**
     * Returns {@code type} with every bound type variable replaced by its binding, at any nesting: type
     * arguments, owner types, array components and wildcard bounds.
     * @return {@code type} itself when nothing in it is bound
     */
    Type resolve(Type type) {
        if (type instanceof TypeVariable<?> variable) {
            return bindings.getOrDefault(variable, variable);
        }
        if (type instanceof ParameterizedType parameterized) {
            return resolveParameterized(parameterized);
        }
        if (type instanceof GenericArrayType array) {
            return resolveArray(array);
        }
        if (type instanceof WildcardType wildcard) {
            return resolveWildcard(wildcard);
        }
        return type;
    }

    private Type resolveParameterized(ParameterizedType type) {
        Type owner = type.getOwnerType();
        Type resolvedOwner = owner == null ? null : resolve(owner);
        Type[] arguments = type.getActualTypeArguments();
        Type[] resolvedArguments = resolveAll(arguments);
        if (resolvedOwner == owner && resolvedArguments == arguments) {
            return type;
        }
        return new ResolvedParameterizedType((Class<?>) type.getRawType(), resolvedArguments, resolvedOwner);
    }

    private Type resolveArray(GenericArrayType type) {
        Type component = type.getGenericComponentType();
        Type resolved = resolve(component);
        if (resolved == component) {
            return type;
        }
        if (resolved instanceof Class<?> componentClass) {
            return componentClass.arrayType();
        }
        return new ResolvedGenericArrayType(resolved);
    }

    private Type resolveWildcard(WildcardType type) {
        Type[] upper = type.getUpperBounds();
        Type[] lower = type.getLowerBounds();
        Type[] resolvedUpper = resolveAll(upper);
        Type[] resolvedLower = resolveAll(lower);
        if (resolvedUpper == upper && resolvedLower == lower) {
            return type;
        }
        return new ResolvedWildcardType(resolvedUpper, resolvedLower);
    }

    /** Returns {@code types} itself when no element changes, otherwise a new array. */
    private Type[] resolveAll(Type[] types) {
        Type[] resolved = types;
        for (int i = 0; i < types.length; i++) {
            Type element = resolve(types[i]);
            if (element != types[i]) {
                if (resolved == types) {
                    resolved = types.clone();
                }
                resolved[i] = element;
            }
        }
        return resolved;
    }
}
