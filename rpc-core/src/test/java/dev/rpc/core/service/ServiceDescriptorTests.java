package dev.rpc.core.service;

import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import dev.rpc.core.protocol.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceDescriptorTests {

    interface Inventory {

        void reserve(String sku, int quantity);

        void reserve(String sku);

        void reserve(int quantity, String sku);

        int count(List<String> skus, int[] bins, String[][] grid, Map<String, List<Integer>> nested);

        default String describe() {
            return "inventory";
        }

        static Inventory none() {
            return null;
        }
    }

    interface Repository<T> {
        T find(String id);
    }

    interface Batch<T> {
        void saveAll(List<? extends T> items);
    }

    interface Converter {
        <T> T convert(Object value, Class<T> type);
    }

    interface Later {
        Future<String> later();
    }

    interface Staged {
        CompletionStage<String> staged();
    }

    interface Async {
        CompletableFuture<List<String>> names();

        CompletableFuture<Void> fire();
    }

    interface Base {
        String name();

        void shared();
    }

    interface Other {
        void shared();
    }

    interface Combined extends Base, Other {
        long size();
    }

    interface Source {
        Object value();
    }

    interface NarrowingSource extends Source {
        @Override
        String value();
    }

    static class NotAnInterface {
        public void run() {
        }
    }

    record AlsoNotAnInterface(String value) {
    }

    /** Two names whose FNV-1a 32 hashes collide (found by a birthday search): both hash to 0x121a01dd. */
    interface Colliding {
        void op444488();

        void op2301642();
    }

    // ---------------------------------------------------------------- ids

    @Test
    void overloadsGetDifferentIds() {
        ServiceDescriptor service = ServiceDescriptor.of(Inventory.class);

        List<MethodDescriptor> reserves = service.methods().stream().filter(m -> m.name().equals("reserve")).toList();

        assertThat(reserves).extracting(MethodDescriptor::signature).containsExactlyInAnyOrder(
                "reserve(java.lang.String,int)", "reserve(java.lang.String)", "reserve(int,java.lang.String)");
        assertThat(reserves).extracting(MethodDescriptor::id).doesNotHaveDuplicates();
    }

    @Test
    void idsAreFnv1aOfTheDocumentedSignatureForm() {
        ServiceDescriptor service = ServiceDescriptor.of(Inventory.class);

        assertThat(service.methods()).allSatisfy(method -> {
            assertThat(method.id()).isEqualTo(Protocol.fnv1a32(method.signature()));
            assertThat(method.signature()).isEqualTo(ServiceDescriptor.signatureOf(method.method()));
        });
        MethodDescriptor count = method(service, "count");
        assertThat(count.signature())
                .isEqualTo("count(java.util.List,int[],java.lang.String[][],java.util.Map)");
        assertThat(count.id()).isEqualTo(Protocol.fnv1a32("count(java.util.List,int[],java.lang.String[][],java.util.Map)"));
        assertThat(method(service, "reserve(java.lang.String,int)").id())
                .isEqualTo(Protocol.fnv1a32("reserve(java.lang.String,int)"));
        assertThat(count.toString()).isEqualTo(Inventory.class.getName() + "." + count.signature());
    }

    @Test
    void serviceIdIsFnv1aOfTheBinaryNameOrTheGivenName() {
        assertThat(ServiceDescriptor.of(Inventory.class).name())
                .isEqualTo("dev.rpc.core.service.ServiceDescriptorTests$Inventory");
        assertThat(ServiceDescriptor.of(Inventory.class).id())
                .isEqualTo(Protocol.fnv1a32("dev.rpc.core.service.ServiceDescriptorTests$Inventory"));
        ServiceDescriptor named = ServiceDescriptor.of(Inventory.class, "com.acme.InventoryService");
        assertThat(named.name()).isEqualTo("com.acme.InventoryService");
        assertThat(named.id()).isEqualTo(Protocol.fnv1a32("com.acme.InventoryService"));
    }

    @Test
    void methodIdsDoNotDependOnTheServiceName() {
        ServiceDescriptor plain = ServiceDescriptor.of(Inventory.class);
        ServiceDescriptor named = ServiceDescriptor.of(Inventory.class, "demo.Inventory");

        assertThat(named.methods()).extracting(MethodDescriptor::id)
                .containsExactlyElementsOf(plain.methods().stream().map(MethodDescriptor::id).toList());
    }

    @Test
    void methodsAreSortedBySignature() {
        List<String> signatures = ServiceDescriptor.of(Inventory.class).methods().stream()
                .map(MethodDescriptor::signature).toList();

        assertThat(signatures).isSorted();
    }

    @Test
    void collidingIdsAreRejectedNamingBothMethods() {
        assertThat(Protocol.fnv1a32("op444488()")).isEqualTo(Protocol.fnv1a32("op2301642()"));

        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Colliding.class))
                .withMessageContaining("op444488()").withMessageContaining("op2301642()")
                .withMessageContaining("same wire id");
    }

    // ---------------------------------------------------------------- what is remote

    @Test
    void defaultAndStaticMethodsAreNotRemote() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(Inventory.class);

        assertThat(service.methods()).extracting(MethodDescriptor::name).doesNotContain("describe", "none");
        assertThat(service.method(Inventory.class.getMethod("describe"))).isNull();
        assertThat(service.method(Object.class.getMethod("toString"))).isNull();
        assertThat(service.method(Inventory.class.getMethod("reserve", String.class)))
                .isSameAs(method(service, "reserve(java.lang.String)"));
    }

    @Test
    void inheritedMethodsAreRemoteAndAMethodInheritedTwiceCountsOnce() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(Combined.class);

        assertThat(service.methods()).extracting(MethodDescriptor::signature)
                .containsExactly("name()", "shared()", "size()");
        MethodDescriptor shared = method(service, "shared()");
        assertThat(service.method(Base.class.getMethod("shared"))).isSameAs(shared);
        assertThat(service.method(Other.class.getMethod("shared"))).isSameAs(shared);
    }

    @Test
    void descriptorKeepsGenericTypesAndDeclaredExceptions() throws NoSuchMethodException {
        MethodDescriptor count = method(ServiceDescriptor.of(Inventory.class), "count");

        assertThat(count.parameterCount()).isEqualTo(4);
        assertThat(count.parameterTypes()[0]).isInstanceOf(ParameterizedType.class);
        assertThat(count.parameterTypes()[0].getTypeName()).isEqualTo("java.util.List<java.lang.String>");
        assertThat(count.resultType()).isEqualTo(int.class);
        assertThat(count.voidResult()).isFalse();
        assertThat(count.futureResult()).isFalse();
        assertThat(method(ServiceDescriptor.of(Inventory.class), "reserve(java.lang.String)").voidResult()).isTrue();
    }

    @Test
    void completableFutureResultIsUnwrapped() {
        ServiceDescriptor service = ServiceDescriptor.of(Async.class);

        MethodDescriptor names = method(service, "names");
        assertThat(names.futureResult()).isTrue();
        assertThat(names.resultType().getTypeName()).isEqualTo("java.util.List<java.lang.String>");
        MethodDescriptor fire = method(service, "fire");
        assertThat(fire.futureResult()).isTrue();
        assertThat(fire.voidResult()).isTrue();
    }

    @Test
    void covariantOverrideIsOneMethodWithTheNarrowedResultType() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(NarrowingSource.class);

        assertThat(service.methods()).singleElement().satisfies(method -> {
            assertThat(method.signature()).isEqualTo("value()");
            assertThat(method.resultType()).isEqualTo(String.class);
        });
        assertThat(service.method(NarrowingSource.class.getMethod("value"))).isSameAs(service.methods().get(0));
    }

    // ---------------------------------------------------------------- what is rejected

    @Test
    void typeVariableOfTheInterfaceIsRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Repository.class))
                .withMessageContaining(Repository.class.getName() + ".find(java.lang.String)")
                .withMessageContaining("type variable T");
    }

    @Test
    void typeVariableInsideAWildcardIsRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Batch.class))
                .withMessageContaining("saveAll(java.util.List)")
                .withMessageContaining("type variable T");
    }

    @Test
    void methodLevelTypeParametersAreRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Converter.class))
                .withMessageContaining("convert(java.lang.Object,java.lang.Class)")
                .withMessageContaining("type parameters");
    }

    @Test
    void futureResultIsRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Later.class))
                .withMessageContaining("later()")
                .withMessageContaining("java.util.concurrent.Future")
                .withMessageContaining("CompletableFuture");
    }

    @Test
    void completionStageResultIsRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Staged.class))
                .withMessageContaining("staged()")
                .withMessageContaining("java.util.concurrent.CompletionStage");
    }

    @Test
    void classesAreRejectedNamingTheType() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(NotAnInterface.class))
                .withMessageContaining(NotAnInterface.class.getName()).withMessageContaining("is not an interface");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(AlsoNotAnInterface.class))
                .withMessageContaining(AlsoNotAnInterface.class.getName()).withMessageContaining("is not an interface");
    }

    @Test
    void blankServiceNameIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(Inventory.class, " "))
                .withMessageContaining(Inventory.class.getName());
    }

    // ---------------------------------------------------------------- helpers

    /** Finds a method by name, or by signature when the argument contains a parenthesis. */
    private static MethodDescriptor method(ServiceDescriptor service, String nameOrSignature) {
        return service.methods().stream()
                .filter(m -> nameOrSignature.contains("(") ? m.signature().equals(nameOrSignature)
                        : m.name().equals(nameOrSignature))
                .findFirst().orElseThrow(() -> new AssertionError("no method " + nameOrSignature));
    }
}
