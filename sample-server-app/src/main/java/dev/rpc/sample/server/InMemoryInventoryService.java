package dev.rpc.sample.server;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.core.server.ServerCallContext;
import dev.rpc.sample.api.InventoryService;
import dev.rpc.sample.api.Item;
import dev.rpc.sample.api.OutOfStockException;
import dev.rpc.sample.api.Reservation;
import dev.rpc.sample.api.StockLevel;
import dev.rpc.spring.boot.annotation.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The exported service: stock kept in memory. */
@RpcService
public class InMemoryInventoryService implements InventoryService {

    private static final Logger logger = LoggerFactory.getLogger(InMemoryInventoryService.class);

    private static final List<Item> CATALOG = List.of(
            new Item("sku-1", "Espresso cup", "kitchen", new BigDecimal("6.50")),
            new Item("sku-2", "Tea pot", "kitchen", new BigDecimal("24.00")),
            new Item("sku-3", "Desk lamp", "office", new BigDecimal("39.90")));

    private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of("sku-1", 12, "sku-2", 3, "sku-3", 0));

    @Override
    public StockLevel stock(String sku) {
        logger.info("Stock of {} asked", sku); // with tracing, the line carries the caller's trace id
        return new StockLevel(sku, this.stock.getOrDefault(sku, 0));
    }

    @Override
    public CompletableFuture<StockLevel> stockLater(String sku) {
        return CompletableFuture.completedFuture(stock(sku));
    }

    @Override
    public synchronized void restock(String sku, int quantity) {
        int now = this.stock.merge(sku, quantity, Integer::sum);
        logger.info("Restocked {} by {}: {} available", sku, quantity, now);
    }

    @Override
    public List<Item> catalog(String category) {
        return CATALOG.stream().filter(item -> item.category().equals(category)).toList();
    }

    @Override
    public synchronized Reservation reserve(String sku, int quantity) throws OutOfStockException {
        int available = this.stock.getOrDefault(sku, 0);
        if (available < quantity) {
            throw new OutOfStockException(sku, quantity, available);
        }
        this.stock.put(sku, available - quantity);
        return new Reservation(UUID.randomUUID().toString(), sku, quantity);
    }

    @Override
    public StockLevel audit(String sku) {
        try {
            Thread.sleep(1000); // a slow count, to show the client's per-method timeout
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return stock(sku);
    }

    @Override
    public String caller() {
        return ServerCallContext.current().get(CallerInterceptor.CALLER);
    }

    @Override
    public synchronized StockLevel writeOff(String sku, int quantity) {
        int now = this.stock.compute(sku, (key, available) -> Math.max(0, (available == null ? 0 : available) - quantity));
        logger.info("Wrote off {} of {}: {} available", quantity, sku, now);
        return new StockLevel(sku, now);
    }
}
