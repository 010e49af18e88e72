package dev.rpc.core.e2e;

/** A newer version of {@link Inventory} with a method the server does not have. */
public interface InventoryNext {

    String echo(String text);

    int restock(String sku, int quantity);
}
