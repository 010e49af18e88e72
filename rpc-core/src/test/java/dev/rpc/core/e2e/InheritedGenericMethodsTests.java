package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service interface that only binds the type variables of a generic base, {@code OrderService extends
 * CrudService<Order, UUID>}, exported and called over real sockets on 127.0.0.1: every inherited generic
 * method carries its values as the bound types, in both directions.
 */
class InheritedGenericMethodsTests {

    /**
     * Public: a call through {@code CrudService} to {@link OrderLookup#find} runs the bridge method javac adds
     * to {@code OrderLookup}, as a default method of the proxy, and that bridge casts to {@code Order}.
     */
    public record Order(UUID id, String item, int quantity) {
    }

    /** Two levels up, with the variables in another order than {@link CrudService} declares them. */
    interface Lookup<K, V> {
        Map<K, V> byId();
    }

    interface CrudService<T, ID> extends Lookup<ID, T> {
        T find(ID id);

        void delete(ID id);

        List<T> all();

        CompletableFuture<T> findLater(ID id);

        Optional<T> maybe(ID id);

        T[] array();

        List<T>[] pages(int size);

        int saveAll(List<? extends T> items);
    }

    interface OrderService extends CrudService<Order, UUID> {
        int count();
    }

    /** Overrides an inherited method with the bound types: a method of its own, {@code find(java.util.UUID)}. */
    public interface OrderLookup extends CrudService<Order, UUID> {
        @Override
        Order find(UUID id);
    }

    /** Keeps orders by id, in id order; a value of the wrong type fails where the bridge methods cast it. */
    static class DefaultOrderService implements OrderService, OrderLookup {

        private final Map<UUID, Order> orders = new ConcurrentSkipListMap<>();

        @Override
        public Order find(UUID id) {
            return orders.get(id);
        }

        @Override
        public void delete(UUID id) {
            orders.remove(id);
        }

        @Override
        public List<Order> all() {
            return List.copyOf(orders.values());
        }

        @Override
        public CompletableFuture<Order> findLater(UUID id) {
            return CompletableFuture.supplyAsync(() -> orders.get(id));
        }

        @Override
        public Optional<Order> maybe(UUID id) {
            return Optional.ofNullable(orders.get(id));
        }

        @Override
        public Map<UUID, Order> byId() {
            return new TreeMap<>(orders);
        }

        @Override
        public Order[] array() {
            return orders.values().toArray(Order[]::new);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Order>[] pages(int size) {
            List<Order> all = all();
            List<Order>[] pages = new List[(all.size() + size - 1) / size];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = all.subList(i * size, Math.min(all.size(), (i + 1) * size));
            }
            return pages;
        }

        @Override
        public int saveAll(List<? extends Order> items) {
            int quantity = 0;
            for (Order order : items) {
                orders.put(order.id(), order);
                quantity += order.quantity();
            }
            return quantity;
        }

        @Override
        public int count() {
            return orders.size();
        }
    }

    private static final Order BOOK = new Order(new UUID(0, 1), "book", 2);

    private static final Order LAMP = new Order(new UUID(0, 2), "lamp", 1);

    private static final Order DESK = new Order(new UUID(0, 3), "desk", 4);

    private final DefaultOrderService service = new DefaultOrderService();

    private RpcServer server;

    private RpcClient client;

    private OrderService orders;

    @BeforeEach
    void start() {
        service.orders.put(BOOK.id(), BOOK);
        service.orders.put(LAMP.id(), LAMP);
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build())
                .export(OrderService.class, service)
                .export(OrderLookup.class, service)
                .start();
        orders = connect(SerializationFormat.JSON);
    }

    private OrderService connect(SerializationFormat format) {
        if (client != null) {
            client.close();
        }
        client = RpcClient.create(RpcClientOptions.builder().format(format).defaultTimeout(Duration.ofSeconds(10)).build());
        return client.proxy(OrderService.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void findSendsAUuidAndReturnsAnOrder() {
        assertThat(orders.find(LAMP.id())).isInstanceOf(Order.class).isEqualTo(LAMP);
        assertThat(orders.find(DESK.id())).isNull();
    }

    @Test
    void deleteSendsTheIdAsAUuid() {
        orders.delete(BOOK.id());

        assertThat(service.orders).containsOnlyKeys(LAMP.id());
    }

    @Test
    void allReturnsAListOfOrders() {
        List<Order> all = orders.all();

        assertThat(all).hasOnlyElementsOfType(Order.class).containsExactly(BOOK, LAMP);
    }

    @Test
    void findLaterCompletesWithAnOrder() throws Exception {
        CompletableFuture<Order> later = orders.findLater(BOOK.id());

        assertThat(later.get(10, TimeUnit.SECONDS)).isInstanceOf(Order.class).isEqualTo(BOOK);
    }

    @Test
    void maybeReturnsAnOptionalOrder() {
        assertThat(orders.maybe(BOOK.id())).containsInstanceOf(Order.class).contains(BOOK);
        assertThat(orders.maybe(DESK.id())).isEmpty();
    }

    @Test
    void byIdFromTwoLevelsUpReturnsOrdersKeyedByUuid() {
        Map<UUID, Order> byId = orders.byId();

        assertThat(byId.keySet()).hasOnlyElementsOfType(UUID.class);
        assertThat(byId.values()).hasOnlyElementsOfType(Order.class);
        assertThat(byId).containsExactlyInAnyOrderEntriesOf(Map.of(BOOK.id(), BOOK, LAMP.id(), LAMP));
    }

    @Test
    void arrayReturnsAnArrayOfOrders() {
        Order[] array = orders.array();

        assertThat(array.getClass()).isEqualTo(Order[].class);
        assertThat(array).containsExactly(BOOK, LAMP);
    }

    @Test
    void pagesReturnsAnArrayOfListsOfOrders() {
        service.orders.put(DESK.id(), DESK);

        List<Order>[] pages = orders.pages(2);

        assertThat(pages).hasSize(2);
        assertThat(pages[0]).hasOnlyElementsOfType(Order.class).containsExactly(BOOK, LAMP);
        assertThat(pages[1]).hasOnlyElementsOfType(Order.class).containsExactly(DESK);
    }

    @Test
    void saveAllSendsAWildcardListOfOrders() {
        assertThat(orders.saveAll(List.of(DESK))).isEqualTo(4);

        assertThat(service.orders).containsEntry(DESK.id(), DESK);
        assertThat(orders.count()).isEqualTo(3);
    }

    @Test
    void callsThroughTheGenericBaseTypeReachTheSameRemoteMethods() {
        CrudService<Order, UUID> crud = orders;
        Lookup<UUID, Order> lookup = orders;

        assertThat(crud.find(BOOK.id())).isEqualTo(BOOK);
        assertThat(lookup.byId()).containsOnlyKeys(BOOK.id(), LAMP.id());
    }

    @Test
    void overrideWithTheBoundTypesIsCalledDirectlyAndThroughTheGenericBaseType() {
        OrderLookup lookup = client.proxy(OrderLookup.class, ReferenceOptions.to("127.0.0.1:" + server.port()).build());
        CrudService<Order, UUID> crud = lookup;

        assertThat(lookup.find(BOOK.id())).isEqualTo(BOOK);
        assertThat(crud.find(LAMP.id())).isEqualTo(LAMP);
        assertThat(lookup.all()).hasOnlyElementsOfType(Order.class).containsExactly(BOOK, LAMP);
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void everyFormatCarriesTheBoundTypes(SerializationFormat format) {
        OrderService overFormat = connect(format);

        assertThat(overFormat.saveAll(new ArrayList<>(List.of(DESK)))).isEqualTo(4);
        assertThat(overFormat.all()).hasOnlyElementsOfType(Order.class).containsExactly(BOOK, LAMP, DESK);
        assertThat(overFormat.byId().keySet()).hasOnlyElementsOfType(UUID.class)
                .containsExactlyInAnyOrder(BOOK.id(), LAMP.id(), DESK.id());
    }
}
