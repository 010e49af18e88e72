/**
 * The server side in a Spring context: finding {@code @RpcService} beans, and the lifecycle of the server.
 */
package dev.rpc.spring.boot.server;
