package dev.rpc.core.service;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A parameterized type built by {@link TypeVariableResolver}, such as {@code List<Order>} for the
 * {@code List<T>} of a generic superinterface.
 *
 * <p>Follows the contract of {@link ParameterizedType} and the JDK's own implementation: equal to any
 * {@code ParameterizedType} with an equal raw type, owner type and type arguments, with the same hash code
 * and the same {@link #getTypeName() type name}, so it can stand for the JDK's value in hash maps, in
 * comparisons and in libraries that build their own types from it (Jackson's {@code TypeFactory}).
 * Immutable and thread-safe.
 */
final class ResolvedParameterizedType implements ParameterizedType {

    private final Class<?> rawType;

    private final Type[] arguments;

    private final Type ownerType;

    /**
     * @param rawType the generic class or interface
     * @param arguments one type argument per type parameter of {@code rawType}
     * @param ownerType the type {@code rawType} is a member of, or {@code null} for a top-level type
     */
    ResolvedParameterizedType(Class<?> rawType, Type[] arguments, Type ownerType) {
        this.rawType = Objects.requireNonNull(rawType, "rawType");
        this.arguments = arguments.clone();
        this.ownerType = ownerType;
        if (this.arguments.length != rawType.getTypeParameters().length) {
            throw new IllegalArgumentException(rawType.getName() + " has " + rawType.getTypeParameters().length
                    + " type parameters, not " + this.arguments.length);
        }
    }

    @Override
    public Type[] getActualTypeArguments() {
        return arguments.clone();
    }

    @Override
    public Type getRawType() {
        return rawType;
    }

    @Override
    public Type getOwnerType() {
        return ownerType;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof ParameterizedType that && rawType.equals(that.getRawType())
                && Objects.equals(ownerType, that.getOwnerType())
                && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    /** Returns the hash code the JDK's implementation computes for an equal type. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(arguments) ^ Objects.hashCode(ownerType) ^ rawType.hashCode();
    }

    /** Returns the type as the JDK writes it, e.g. {@code java.util.Map<java.util.UUID, com.acme.Order>}. */
    @Override
    public String toString() {
        StringBuilder name = new StringBuilder();
        if (ownerType == null) {
            name.append(rawType.getName());
        }
        else {
            name.append(ownerType.getTypeName()).append('$');
            if (ownerType instanceof ParameterizedType owner && owner.getRawType() instanceof Class<?> ownerClass) {
                name.append(rawType.getName().replace(ownerClass.getName() + "$", ""));
            }
            else {
                name.append(rawType.getSimpleName());
            }
        }
        StringJoiner typeArguments = new StringJoiner(", ", "<", ">").setEmptyValue("");
        for (Type argument : arguments) {
            typeArguments.add(argument.getTypeName());
        }
        return name.append(typeArguments).toString();
    }
}
