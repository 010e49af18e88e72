package dev.rpc.core.server;

import java.net.InetSocketAddress;

/** The server could not listen on its address, typically because the port is in use. */
public class RpcServerBindException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient InetSocketAddress address;

    /** Creates the exception. */
    public RpcServerBindException(InetSocketAddress address, Throwable cause) {
        super("RPC server cannot listen on " + address.getHostString() + ":" + address.getPort() + " ("
                + cause.getMessage() + "): stop the process using the port or choose another one (port 0 picks a free port)",
                cause);
        this.address = address;
    }

    /** Returns the address the server tried to bind. */
    public InetSocketAddress address() {
        return address;
    }
}
