package dev.rpc.spring.boot.server;

import dev.rpc.core.server.RpcServer;

/**
 * Creates the server, not yet started, with nothing exported. Called each time the server starts, so that a
 * server stopped with its context can be started again with fresh resources.
 */
@FunctionalInterface
public interface RpcServerFactory {

    /** Returns a new, unstarted server. */
    RpcServer create();
}
