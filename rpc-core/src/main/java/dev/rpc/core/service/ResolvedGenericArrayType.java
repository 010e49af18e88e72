package dev.rpc.core.service;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * An array type built by {@link TypeVariableResolver} whose component is still generic, such as
 * {@code List<Order>[]} for the {@code List<T>[]} of a generic superinterface. (An array whose component
 * resolves to a class is that array class, {@code Order[]}, as the JDK represents it.)
 *
 * <p>Follows the contract of {@link GenericArrayType} and the JDK's own implementation: equal to any
 * {@code GenericArrayType} with an equal component type, with the same hash code and type name.
 * Immutable and thread-safe.
 */
final class ResolvedGenericArrayType implements GenericArrayType {

    private final Type componentType;

    /** @param componentType the element type, itself a parameterized type, array or variable */
    ResolvedGenericArrayType(Type componentType) {
        this.componentType = Objects.requireNonNull(componentType, "componentType");
    }

    @Override
    public Type getGenericComponentType() {
        return componentType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GenericArrayType that && componentType.equals(that.getGenericComponentType());
    }

    /** Returns the hash code the JDK's implementation computes for an equal type. */
    @Override
    public int hashCode() {
        return componentType.hashCode();
    }

    /** Returns the type as the JDK writes it, e.g. {@code java.util.List<com.acme.Order>[]}. */
    @Override
    public String toString() {
        return componentType.getTypeName() + "[]";
    }
}
