package dev.rpc.core.e2e;

/** A service no test server exports. */
public interface Billing {

    String invoice(String order);
}
