package dev.rpc.spring.boot.server;

import dev.rpc.core.server.ServerInterceptor;

/**
 * A {@link ServerInterceptor} that authenticates every caller: refuses calls without valid credentials (or lets
 * them run only as anonymous callers, by rules it enforces). The starter's Spring Security interceptor is one;
 * implement this type on your own authenticating interceptor as well.
 *
 * <p>Its presence among the server's interceptors is what the startup check of {@link RpcServerExposureCheck}
 * counts as authentication: a server bound to a non-loopback address with neither TLS nor an interceptor of this
 * type logs a warning, or fails to start with {@code rpc.server.security.unprotected=fail}.
 */
public interface AuthenticatingServerInterceptor extends ServerInterceptor {
}
