/**
 * TLS from Spring Boot's SSL bundles: Netty contexts built from a bundle, on OpenSSL when netty-tcnative is
 * on the classpath, and rebuilt when the bundle is reloaded, so that new connections take the new certificate.
 */
package dev.rpc.spring.boot.ssl;
