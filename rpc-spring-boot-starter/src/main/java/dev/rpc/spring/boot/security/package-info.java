/**
 * Spring Security for calls: on the server, authentication from call metadata ({@link
 * dev.rpc.spring.boot.security.RpcAuthenticationExtractor}), rules per service and method ({@link
 * dev.rpc.spring.boot.security.RpcAuthorizationRules}) and the caller's {@code SecurityContext} around the service
 * method ({@link dev.rpc.spring.boot.security.RpcServerSecurityInterceptor}); on the client, token relay and OAuth2
 * client credentials. Auto-configured when Spring Security is on the classpath.
 */
package dev.rpc.spring.boot.security;
