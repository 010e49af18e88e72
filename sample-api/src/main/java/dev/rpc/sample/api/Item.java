package dev.rpc.sample.api;

import java.math.BigDecimal;

/** A catalog entry. */
public record Item(String sku, String name, String category, BigDecimal price) {
}
