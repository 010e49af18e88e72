package dev.rpc.sample.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

/** The sample's remote service: one method per call mode the starter supports. */
public interface InventoryService {

    /** Response mode: the caller blocks until the stock level arrives. */
    StockLevel stock(String sku);

    /** Future mode: returns at once; the future completes with the stock level. */
    CompletableFuture<StockLevel> stockLater(String sku);

    /** Callback mode ({@code @Async void}): returns at once; the server acknowledges once it has restocked. */
    @Async
    void restock(String sku, int quantity);

    /** Generic types: a list of records. */
    List<Item> catalog(String category);

    /** Reserves stock, or throws the declared business exception when too little is left. */
    Reservation reserve(String sku, int quantity) throws OutOfStockException;

    /** A slow stock count (about a second): the client's per-method timeout is shorter on purpose. */
    StockLevel audit(String sku);

    /** Returns who called, as the server's interceptor read it from the header the client's interceptor added. */
    String caller();

    /**
     * Writes off units that were damaged or lost, and returns what is left. An administrator's job: with the
     * sample's {@code secure} profile, only callers with {@code ROLE_ADMIN} may call it, and the demo client has not.
     */
    StockLevel writeOff(String sku, int quantity);
}
