package dev.rpc.spring.boot.aot;

/**
 * A generic interface that {@link OrderService} binds to a concrete type, as the framework allows.
 * @param <T> what is looked up
 */
public interface OrderLookup<T> {

    T find(String id);

    /** A plain class with a field whose type is reachable only through it. */
    class Invoice {

        private Address billedTo;

        public Address getBilledTo() {
            return this.billedTo;
        }

        public void setBilledTo(Address billedTo) {
            this.billedTo = billedTo;
        }
    }

    record Address(String city) {
    }
}
