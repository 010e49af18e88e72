package dev.rpc.core.service;

import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A wildcard type argument built by {@link TypeVariableResolver}, such as {@code ? extends Order} for the
 * {@code ? extends T} of a generic superinterface.
 *
 * <p>Follows the contract of {@link WildcardType} and the JDK's own implementation: the upper bounds are
 * {@code [Object.class]} when none is declared (as in {@code ?} and {@code ? super Order}); equal to any
 * {@code WildcardType} with equal upper and lower bounds, with the same hash code and type name.
 * Immutable and thread-safe.
 */
final class ResolvedWildcardType implements WildcardType {

    private static final Type[] NO_BOUNDS = new Type[0];

    private final Type[] upperBounds;

    private final Type[] lowerBounds;

    /**
     * @param upperBounds the {@code extends} bounds; empty means {@code Object}
     * @param lowerBounds the {@code super} bounds, or empty
     */
    ResolvedWildcardType(Type[] upperBounds, Type[] lowerBounds) {
        this.upperBounds = upperBounds.length == 0 ? new Type[] { Object.class } : upperBounds.clone();
        this.lowerBounds = lowerBounds.length == 0 ? NO_BOUNDS : lowerBounds.clone();
    }

    @Override
    public Type[] getUpperBounds() {
        return upperBounds.clone();
    }

    @Override
    public Type[] getLowerBounds() {
        return lowerBounds.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WildcardType that && Arrays.equals(upperBounds, that.getUpperBounds())
                && Arrays.equals(lowerBounds, that.getLowerBounds());
    }

    /** Returns the hash code the JDK's implementation computes for an equal type. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(lowerBounds) ^ Arrays.hashCode(upperBounds);
    }

    /** Returns the type as the JDK writes it: {@code ?}, {@code ? extends A & B} or {@code ? super A}. */
    @Override
    public String toString() {
        Type[] bounds;
        String keyword;
        if (lowerBounds.length > 0) {
            bounds = lowerBounds;
            keyword = "? super ";
        }
        else if (!upperBounds[0].equals(Object.class)) {
            bounds = upperBounds;
            keyword = "? extends ";
        }
        else {
            return "?";
        }
        StringJoiner joined = new StringJoiner(" & ", keyword, "");
        for (Type bound : bounds) {
            joined.add(bound.getTypeName());
        }
        return joined.toString();
    }
}
