package dev.rpc.core.service;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The types the resolver builds stand for the JDK's: each generic method of {@link Generic} resolved against
 * {@link Bound} is compared with the same method of {@link Concrete}, written out with the concrete types.
 */
class TypeVariableResolverTests {

    record Order(String id) {
    }

    static class Outer<O> {
        class Inner {
        }
    }

    interface Generic<T, ID> {
        List<T> list();

        Map<ID, T> map();

        T[] array();

        List<T>[] arrayOfLists();

        List<? extends T> upper();

        List<? super T> lower();

        List<?> unbounded();

        Map.Entry<ID, T> entry();

        Outer<T>.Inner inner();

        String plain();

        List<String> concrete();
    }

    interface Bound extends Generic<Order, UUID> {
    }

    interface Concrete {
        List<Order> list();

        Map<UUID, Order> map();

        Order[] array();

        List<Order>[] arrayOfLists();

        List<? extends Order> upper();

        List<? super Order> lower();

        List<?> unbounded();

        Map.Entry<UUID, Order> entry();

        Outer<Order>.Inner inner();

        String plain();

        List<String> concrete();
    }

    private final TypeVariableResolver resolver = TypeVariableResolver.of(Bound.class);

    @Test
    void resolvedTypesAreEqualToTheJdkTypesBothWaysWithTheSameHashCode() {
        for (Method concrete : Concrete.class.getMethods()) {
            Type expected = concrete.getGenericReturnType();
            Type resolved = resolved(concrete.getName());

            assertThat(resolved).as(concrete.getName()).isEqualTo(expected);
            assertThat(expected).as(concrete.getName()).isEqualTo(resolved);
            assertThat(resolved.hashCode()).as(concrete.getName()).isEqualTo(expected.hashCode());
        }
    }

    @Test
    void resolvedTypesAreWrittenAsTheJdkWritesThem() {
        for (Method concrete : Concrete.class.getMethods()) {
            Type expected = concrete.getGenericReturnType();
            Type resolved = resolved(concrete.getName());

            assertThat(resolved.getTypeName()).as(concrete.getName()).isEqualTo(expected.getTypeName());
            assertThat(resolved.toString()).as(concrete.getName()).isEqualTo(expected.toString());
        }
    }

    @Test
    void resolvedAndJdkTypesAreOneKeyInAHashSet() {
        Set<Type> types = new HashSet<>();
        for (Method concrete : Concrete.class.getMethods()) {
            types.add(concrete.getGenericReturnType());
        }

        for (Method generic : Generic.class.getMethods()) {
            assertThat(types.add(resolver.resolve(generic.getGenericReturnType()))).as(generic.getName()).isFalse();
        }
    }

    @Test
    void jacksonBuildsTheSameJavaTypeFromAResolvedTypeAsFromTheJdkType() {
        ObjectMapper mapper = JsonMapper.builder().build();

        for (Method concrete : Concrete.class.getMethods()) {
            assertThat(mapper.constructType(resolved(concrete.getName())))
                    .as(concrete.getName()).isEqualTo(mapper.constructType(concrete.getGenericReturnType()));
        }
    }

    @Test
    void arrayOfAResolvedClassIsTheArrayClass() {
        assertThat(resolved("array")).isSameAs(Order[].class);
    }

    @Test
    void typesWithNothingToResolveAreReturnedAsTheyAre() throws NoSuchMethodException {
        for (String name : List.of("plain", "concrete", "unbounded")) {
            Type declared = Generic.class.getMethod(name).getGenericReturnType();
            assertThat(resolver.resolve(declared)).as(name).isSameAs(declared);
        }
    }

    @Test
    void variablesNothingBindsAreLeftInPlace() throws NoSuchMethodException {
        TypeVariableResolver unbound = TypeVariableResolver.of(Generic.class);
        Type declared = Generic.class.getMethod("map").getGenericReturnType();

        assertThat(unbound.resolve(declared)).isSameAs(declared);
        assertThat(unbound.resolve(Generic.class.getTypeParameters()[0])).isSameAs(Generic.class.getTypeParameters()[0]);
    }

    private Type resolved(String methodName) {
        try {
            return resolver.resolve(Generic.class.getMethod(methodName).getGenericReturnType());
        }
        catch (NoSuchMethodException ex) {
            throw new AssertionError(ex);
        }
    }
}
