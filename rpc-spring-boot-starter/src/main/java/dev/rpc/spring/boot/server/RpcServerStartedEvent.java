package dev.rpc.spring.boot.server;

import dev.rpc.core.server.RpcServer;
import org.springframework.context.ApplicationEvent;

/** Published once the RPC server listens; carries the port it chose when {@code rpc.server.port} is 0. */
public class RpcServerStartedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    /** Creates the event. */
    public RpcServerStartedEvent(RpcServer server) {
        super(server);
    }

    /** Returns the started server. */
    public RpcServer getServer() {
        return (RpcServer) getSource();
    }

    /** Returns the port the server listens on. */
    public int getPort() {
        return getServer().port();
    }
}
