package dev.rpc.core.e2e;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpc.core.server.ServerCallContext;

/** The implementation the end-to-end tests export; counts executions and lets tests hold calls on gates. */
class InventoryService implements Inventory {

    final AtomicInteger executions = new AtomicInteger();

    final List<String> recorded = new CopyOnWriteArrayList<>();

    final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    final AtomicInteger waiting = new AtomicInteger();

    /** The thread that ran the latest {@link #echo}, to tell which executor runs service methods. */
    volatile Thread echoThread;

    @Override
    public int reserve(String sku, int quantity) throws OutOfStockException {
        executions.incrementAndGet();
        if (quantity > 10) {
            throw new OutOfStockException("only 10 of " + sku + " left, asked for " + quantity);
        }
        return quantity;
    }

    @Override
    public int reserve(String sku) {
        executions.incrementAndGet();
        return -1;
    }

    @Override
    public List<Order> orders(String customer) {
        return List.of(new Order(customer + "-1", List.of("a", "b"), Status.NEW, Instant.ofEpochSecond(1_700_000_000)),
                new Order(customer + "-2", List.of(), Status.SHIPPED, Instant.ofEpochSecond(1_700_000_001, 5)));
    }

    @Override
    public Map<String, Item> items(Set<String> skus) {
        Map<String, Item> items = new LinkedHashMap<>();
        skus.stream().sorted().forEach(sku -> items.put(sku, new Item(sku, sku.length())));
        return items;
    }

    @Override
    public Optional<Order> find(String id) {
        return id.isEmpty() ? Optional.empty() : Optional.of(new Order(id, List.of("x"), Status.NEW, null));
    }

    @Override
    public Instant echoInstant(Instant instant) {
        return instant;
    }

    @Override
    public String echo(String text) {
        executions.incrementAndGet();
        echoThread = Thread.currentThread();
        return text;
    }

    @Override
    public byte[] blob(int size) {
        return new byte[size];
    }

    @Override
    public CompletableFuture<String> echoAsync(String text) {
        return CompletableFuture.supplyAsync(() -> text.toUpperCase());
    }

    @Override
    public CompletableFuture<Integer> failAsync(String reason) {
        return CompletableFuture.failedFuture(new OutOfStockException(reason));
    }

    @Override
    public void record(String event) {
        executions.incrementAndGet();
        recorded.add(event);
    }

    @Override
    public void recordOrFail(String event) throws OutOfStockException {
        executions.incrementAndGet();
        throw new OutOfStockException("cannot record " + event);
    }

    @Override
    public String await(String gate) {
        executions.incrementAndGet();
        waiting.incrementAndGet();
        try {
            if (!gate(gate).await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate " + gate + " never opened");
            }
            return gate;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at gate " + gate);
        }
        finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public CompletableFuture<String> awaitAsync(String gate) {
        return CompletableFuture.completedFuture(await(gate));
    }

    CountDownLatch gate(String name) {
        return gates.computeIfAbsent(name, key -> new CountDownLatch(1));
    }

    void open(String gate) {
        gate(gate).countDown();
    }

    @Override
    public void failUndeclared(String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public String metadata(String key) {
        return ServerCallContext.current().metadata().get(key);
    }
}
