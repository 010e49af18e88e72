package dev.rpc.core.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The service interface the end-to-end tests call. */
public interface Inventory {

    int reserve(String sku, int quantity) throws OutOfStockException;

    int reserve(String sku);

    List<Order> orders(String customer);

    Map<String, Item> items(Set<String> skus);

    Optional<Order> find(String id);

    Instant echoInstant(Instant instant);

    String echo(String text);

    byte[] blob(int size);

    CompletableFuture<String> echoAsync(String text);

    CompletableFuture<Integer> failAsync(String reason) throws OutOfStockException;

    @Callback
    void record(String event);

    @Callback
    void recordOrFail(String event) throws OutOfStockException;

    String await(String gate);

    /** Blocks its worker until the gate opens, then returns a completed future. */
    CompletableFuture<String> awaitAsync(String gate);

    void failUndeclared(String message);

    String metadata(String key);

    default String greeting() {
        return "local default method";
    }

    record Order(String id, List<String> lines, Status status, Instant placed) {
    }

    record Item(String sku, int available) {
    }

    enum Status {
        NEW, SHIPPED
    }
}
