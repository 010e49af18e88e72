package dev.rpc.core.service;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    record Order(UUID id, String item) {
    }

    /** A generic base with every shape a type variable takes in a signature. */
    interface CrudService<T, ID> {
        T find(ID id);

        void delete(ID id);

        List<T> all();

        CompletableFuture<T> findLater(ID id);

        Optional<T> maybe(ID id);

        Map<ID, T> byId();

        T[] array();

        List<T>[] pages(int size);

        int saveAll(List<? extends T> items);

        int copyInto(List<? super T> target);

        Map.Entry<ID, List<Optional<T>>> nested(ID[] ids);
    }

    interface OrderService extends CrudService<Order, UUID> {
        long count();
    }

    /** Overrides an inherited method with the bound types; javac adds a default bridge {@code find(Object)}. */
    interface OrderLookup extends CrudService<Order, UUID> {
        @Override
        Order find(UUID id);
    }

    /** What {@link OrderService} inherits, written out with concrete types: the JDK's types to compare with. */
    interface ConcreteOrderService {
        Order find(UUID id);

        void delete(UUID id);

        List<Order> all();

        CompletableFuture<Order> findLater(UUID id);

        Optional<Order> maybe(UUID id);

        Map<UUID, Order> byId();

        Order[] array();

        List<Order>[] pages(int size);

        int saveAll(List<? extends Order> items);

        int copyInto(List<? super Order> target);

        Map.Entry<UUID, List<Optional<Order>>> nested(UUID[] ids);
    }

    /** Three levels, each binding or forwarding the variables of the next, in another order. */
    interface Named<N> {
        N name(N fallback);
    }

    interface Keyed<K, V> extends Named<V> {
        Map<K, V> entries();

        K key(V value);
    }

    interface Indexed<T> extends Keyed<T, String> {
        List<T> values();
    }

    interface ByUuid extends Indexed<UUID> {
    }

    /** Reaches {@code Named} twice, bound the same way. */
    interface NamedTwice extends Keyed<Integer, String>, Named<String> {
    }

    /** A variable bound to an asynchronous type: the inherited method becomes asynchronous. */
    interface Supplying<T> {
        T get();
    }

    interface SupplyingLater extends Supplying<CompletableFuture<List<String>>> {
    }

    interface SupplyingFuture extends Supplying<java.util.concurrent.Future<String>> {
    }

    interface Deleter<ID> {
        void delete(ID id);
    }

    @SuppressWarnings("rawtypes")
    interface RawDeleter extends Deleter {
    }

    interface Store<T, ID> {
        T get(ID id);
    }

    interface HalfBoundStore<T> extends Store<T, UUID> {
    }

    interface Sink<T> {
        void drainTo(List<? super T> target);
    }

    interface GenericSink<T> extends Sink<T> {
    }

    interface Converting<S> {
        <X> X convert(S source, Class<X> type);
    }

    interface StringConverting extends Converting<String> {
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

    // ---------------------------------------------------------------- generic superinterfaces

    @Test
    void typeVariablesBoundBySubInterfaceResolveToTheTypesTheConcreteDeclarationHas() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(OrderService.class);

        for (Method concrete : ConcreteOrderService.class.getMethods()) {
            MethodDescriptor inherited = method(service, concrete.getName());
            Type expectedResult = concrete.getReturnType() == CompletableFuture.class
                    ? ((ParameterizedType) concrete.getGenericReturnType()).getActualTypeArguments()[0]
                    : concrete.getGenericReturnType();
            assertThat(inherited.parameterTypes()).as(concrete.getName())
                    .containsExactly(concrete.getGenericParameterTypes());
            assertThat(inherited.resultType()).as(concrete.getName()).isEqualTo(expectedResult);
            assertThat(inherited.resultType().getTypeName()).as(concrete.getName()).isEqualTo(expectedResult.getTypeName());
        }
        assertThat(service.methods()).extracting(MethodDescriptor::name)
                .containsExactlyInAnyOrder("all", "array", "byId", "copyInto", "count", "delete", "find", "findLater",
                        "maybe", "nested", "pages", "saveAll");
    }

    @Test
    void eachGenericShapeResolvesToItsConcreteType() {
        ServiceDescriptor service = ServiceDescriptor.of(OrderService.class);

        assertThat(method(service, "find").parameterTypes()).containsExactly(UUID.class);
        assertThat(method(service, "find").resultType()).isEqualTo(Order.class);
        assertThat(method(service, "delete").parameterTypes()).containsExactly(UUID.class);
        assertThat(method(service, "delete").voidResult()).isTrue();
        assertThat(method(service, "all").resultType().getTypeName()).isEqualTo("java.util.List<" + Order.class.getName() + ">");
        assertThat(method(service, "findLater").futureResult()).isTrue();
        assertThat(method(service, "findLater").resultType()).isEqualTo(Order.class);
        assertThat(method(service, "maybe").resultType().getTypeName())
                .isEqualTo("java.util.Optional<" + Order.class.getName() + ">");
        assertThat(method(service, "byId").resultType().getTypeName())
                .isEqualTo("java.util.Map<java.util.UUID, " + Order.class.getName() + ">");
        assertThat(method(service, "array").resultType()).isEqualTo(Order[].class);
        assertThat(method(service, "pages").resultType().getTypeName())
                .isEqualTo("java.util.List<" + Order.class.getName() + ">[]");
        assertThat(method(service, "saveAll").parameterTypes()[0].getTypeName())
                .isEqualTo("java.util.List<? extends " + Order.class.getName() + ">");
        assertThat(method(service, "copyInto").parameterTypes()[0].getTypeName())
                .isEqualTo("java.util.List<? super " + Order.class.getName() + ">");
        assertThat(method(service, "nested").parameterTypes()).containsExactly(UUID[].class);
        assertThat(method(service, "nested").resultType().getTypeName()).isEqualTo(
                "java.util.Map$Entry<java.util.UUID, java.util.List<java.util.Optional<" + Order.class.getName() + ">>>");
    }

    @Test
    void bindingsPassThroughEveryLevelOfTheHierarchy() {
        ServiceDescriptor service = ServiceDescriptor.of(ByUuid.class);

        assertThat(method(service, "values").resultType().getTypeName()).isEqualTo("java.util.List<java.util.UUID>");
        assertThat(method(service, "entries").resultType().getTypeName())
                .isEqualTo("java.util.Map<java.util.UUID, java.lang.String>");
        assertThat(method(service, "key").parameterTypes()).containsExactly(String.class);
        assertThat(method(service, "key").resultType()).isEqualTo(UUID.class);
        assertThat(method(service, "name").parameterTypes()).containsExactly(String.class);
        assertThat(method(service, "name").resultType()).isEqualTo(String.class);
    }

    @Test
    void overrideWithTheBoundTypesIsOneRemoteMethodWithItsOwnSignature() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(OrderLookup.class);

        assertThat(service.methods()).filteredOn(method -> method.name().equals("find")).singleElement()
                .satisfies(find -> {
                    assertThat(find.signature()).isEqualTo("find(java.util.UUID)");
                    assertThat(find.parameterTypes()).containsExactly(UUID.class);
                    assertThat(find.resultType()).isEqualTo(Order.class);
                });
        assertThat(service.method(OrderLookup.class.getMethod("find", Object.class))).as("the bridge stays local").isNull();
        assertThat(method(service, "all").resultType().getTypeName()).isEqualTo("java.util.List<" + Order.class.getName() + ">");
    }

    @Test
    void interfaceReachedTwiceIsResolvedOnce() {
        ServiceDescriptor service = ServiceDescriptor.of(NamedTwice.class);

        assertThat(service.methods()).extracting(MethodDescriptor::signature)
                .containsExactly("entries()", "key(java.lang.Object)", "name(java.lang.Object)");
        assertThat(method(service, "name").resultType()).isEqualTo(String.class);
        assertThat(method(service, "key").resultType()).isEqualTo(Integer.class);
    }

    @Test
    void variableBoundToCompletableFutureMakesTheInheritedMethodAsynchronous() {
        MethodDescriptor get = method(ServiceDescriptor.of(SupplyingLater.class), "get");

        assertThat(get.futureResult()).isTrue();
        assertThat(get.resultType().getTypeName()).isEqualTo("java.util.List<java.lang.String>");
    }

    @Test
    void variableBoundToAnotherFutureIsRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(SupplyingFuture.class))
                .withMessageContaining(SupplyingFuture.class.getName() + ".get()")
                .withMessageContaining("returns java.util.concurrent.Future");
    }

    @Test
    void idsOfInheritedMethodsAreHashesOfTheErasedDeclaredSignature() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(OrderService.class);

        Method declared = CrudService.class.getMethod("find", Object.class);
        MethodDescriptor find = method(service, "find");
        assertThat(find.method()).isEqualTo(declared);
        assertThat(find.signature()).isEqualTo("find(java.lang.Object)").isEqualTo(ServiceDescriptor.signatureOf(declared));
        assertThat(find.id()).isEqualTo(Protocol.fnv1a32("find(java.lang.Object)"));
        assertThat(method(service, "saveAll").id()).isEqualTo(Protocol.fnv1a32("saveAll(java.util.List)"));
        assertThat(method(service, "nested").id()).isEqualTo(Protocol.fnv1a32("nested(java.lang.Object[])"));
        assertThat(method(service, "pages").id()).isEqualTo(Protocol.fnv1a32("pages(int)"));
        assertThat(service.methods()).allSatisfy(method ->
                assertThat(method.id()).isEqualTo(Protocol.fnv1a32(ServiceDescriptor.signatureOf(method.method()))));
    }

    @Test
    void inheritedMethodIsFoundByTheMethodAProxyOfTheSubInterfaceReceives() throws NoSuchMethodException {
        ServiceDescriptor service = ServiceDescriptor.of(OrderService.class);

        assertThat(service.method(OrderService.class.getMethod("find", Object.class)))
                .isSameAs(service.method(CrudService.class.getMethod("find", Object.class)))
                .isSameAs(method(service, "find"));
        assertThat(service.method(OrderService.class.getMethod("count"))).isSameAs(method(service, "count"));
    }

    // ---------------------------------------------------------------- what is rejected

    @Test
    void variableOfASuperinterfaceExtendedRawIsRejectedNamingTheMethodAndTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(RawDeleter.class))
                .withMessageContaining(RawDeleter.class.getName() + ".delete(java.lang.Object)")
                .withMessageContaining("type variable ID of " + Deleter.class.getName())
                .withMessageContaining(RawDeleter.class.getName() + " leaves unbound");
    }

    @Test
    void variableTheGenericSubInterfaceLeavesUnboundIsRejectedNamingTheMethodAndTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(HalfBoundStore.class))
                .withMessageContaining(HalfBoundStore.class.getName() + ".get(java.lang.Object)")
                .withMessageContaining("type variable T of " + HalfBoundStore.class.getName());
    }

    @Test
    void unboundVariableAsALowerWildcardBoundIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(GenericSink.class))
                .withMessageContaining(GenericSink.class.getName() + ".drainTo(java.util.List)")
                .withMessageContaining("type variable T of " + GenericSink.class.getName());
    }

    @Test
    void inheritedMethodLevelTypeParametersAreRejectedNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceDescriptor.of(StringConverting.class))
                .withMessageContaining(StringConverting.class.getName() + ".convert(java.lang.Object,java.lang.Class)")
                .withMessageContaining("declares type parameters [X]");
    }


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
