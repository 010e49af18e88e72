package dev.rpc.core.client;

import java.net.InetSocketAddress;

import dev.rpc.core.transport.tls.ClientTls;

/**
 * What makes connections shareable: the same server address, secured the same way. References to one address with
 * different TLS settings (another context, another expected name, or plaintext) get connections of their own.
 *
 * @param address the server
 * @param tls how its connections are secured
 */
record EndpointKey(InetSocketAddress address, ClientTls tls) {
}
