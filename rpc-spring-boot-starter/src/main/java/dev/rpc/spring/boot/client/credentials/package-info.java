/**
 * Credentials the client sends: per service, from {@code rpc.client.services.<key>.credentials}, in the
 * {@code authorization} metadata of each call. Needs nothing of Spring Security, except for OAuth2 clients and token
 * relay.
 */
package dev.rpc.spring.boot.client.credentials;
