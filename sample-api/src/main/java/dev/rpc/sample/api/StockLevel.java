package dev.rpc.sample.api;

/** How many units of a SKU are in stock. */
public record StockLevel(String sku, int available) {
}
