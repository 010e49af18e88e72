package dev.rpc.spring.boot.client.credentials;

/**
 * Relays the bearer token of the current caller, for {@code rpc.client.services.<key>.credentials.relay}: the token
 * of the authentication in the calling thread's Spring Security context, such as the one a service method of this
 * application is running with. The starter declares one when Spring Security's resource server is on the classpath.
 *
 * <p>A call made with no authentication, or an anonymous one, sends no credentials (the server decides); a call made
 * with an authentication that holds no bearer token (basic credentials, say) fails locally with
 * {@code UNAUTHENTICATED}, since there is nothing to relay.
 */
public interface TokenRelayCredentials extends RpcCallCredentials {
}
