package dev.rpc.core.transport.tls;

/** The service the TLS tests call. */
public interface Greeter {

    /** Returns a greeting. */
    String greet(String name);

    /** Returns the caller's address as the server sees it, which tells one connection from another. */
    String caller();
}
