package dev.rpc.core.e2e;

/** A declared business exception. */
public class OutOfStockException extends Exception {

    private static final long serialVersionUID = 1L;

    public OutOfStockException(String message) {
        super(message);
    }
}
