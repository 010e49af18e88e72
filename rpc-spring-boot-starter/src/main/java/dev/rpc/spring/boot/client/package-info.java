/**
 * The client side in a Spring context: injecting proxies for {@code @RpcReference}, resolving addresses
 * and timeouts from properties, and reporting callback-mode outcomes.
 */
package dev.rpc.spring.boot.client;
