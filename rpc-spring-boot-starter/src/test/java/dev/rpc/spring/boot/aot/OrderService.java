package dev.rpc.spring.boot.aot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service whose signatures reach types in every way Jackson meets them: a parameter, a return value, a
 * future's result, list elements, map values, an array, a record component, a field of a class, a type
 * variable bound by the interface, an enum and a declared exception.
 */
public interface OrderService extends OrderLookup<OrderLookup.Invoice> {

    Receipt place(Order order) throws OrderRejectedException;

    CompletableFuture<Receipt> placeLater(Order order);

    Map<String, Summary> summaries(Tag[] tags);

    /** Local: default methods never travel, and their types need nothing. */
    default Unrelated local() {
        return new Unrelated();
    }

    record Order(String customer, List<Line> lines) {
    }

    record Line(String sku, Money price) {
    }

    record Money(long cents, String currency) {
    }

    record Receipt(String id, Instant at, Status status) {
    }

    enum Status {
        ACCEPTED, BACKORDERED
    }

    record Summary(int count) {
    }

    record Tag(String name) {
    }

    class Unrelated {
    }

    class OrderRejectedException extends Exception {

        private static final long serialVersionUID = 1L;

        private final Reason reason;

        @JsonCreator
        public OrderRejectedException(@JsonProperty("reason") Reason reason) {
            super("rejected: " + reason);
            this.reason = reason;
        }

        public Reason getReason() {
            return this.reason;
        }
    }

    record Reason(String code) {
    }
}
