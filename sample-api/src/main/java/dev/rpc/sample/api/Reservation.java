package dev.rpc.sample.api;

/** A successful reservation. */
public record Reservation(String id, String sku, int quantity) {
}
