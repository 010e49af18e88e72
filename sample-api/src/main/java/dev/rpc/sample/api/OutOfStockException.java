package dev.rpc.sample.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The declared business exception: the client receives it as itself, with its fields. */
public class OutOfStockException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String sku;

    private final int requested;

    private final int available;

    /** Creates the exception. */
    @JsonCreator
    public OutOfStockException(@JsonProperty("sku") String sku, @JsonProperty("requested") int requested,
            @JsonProperty("available") int available) {
        super("cannot reserve " + requested + " of " + sku + ": only " + available + " left");
        this.sku = sku;
        this.requested = requested;
        this.available = available;
    }

    public String getSku() {
        return this.sku;
    }

    public int getRequested() {
        return this.requested;
    }

    public int getAvailable() {
        return this.available;
    }
}
