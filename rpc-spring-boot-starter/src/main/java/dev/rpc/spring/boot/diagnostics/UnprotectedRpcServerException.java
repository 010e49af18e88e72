package dev.rpc.spring.boot.diagnostics;

import java.util.List;

/**
 * The server would listen on a non-loopback address with neither TLS nor authentication, and
 * {@code rpc.server.security.unprotected} is {@code fail}. Thrown before the server binds its port.
 */
public class UnprotectedRpcServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String address;

    private final List<String> services;

    /**
     * Creates the exception.
     * @param address the address and port the server would listen on, such as {@code 0.0.0.0:9090}
     * @param services the names of the services it would export
     */
    public UnprotectedRpcServerException(String address, List<String> services) {
        super("The RPC server would listen on " + address + " with neither TLS nor authentication, exposing "
                + services + " to anyone who can reach it, and rpc.server.security.unprotected is 'fail'");
        this.address = address;
        this.services = List.copyOf(services);
    }

    /** Returns the address and port the server would listen on. */
    public String getAddress() {
        return this.address;
    }

    /** Returns the names of the services it would export. */
    public List<String> getServices() {
        return this.services;
    }
}
