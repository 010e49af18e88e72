/**
 * How calls are serialized in a Spring context: the application's mapper customizers, and optionally Spring Boot's
 * own Jackson configuration, applied to the mappers of the client and the server under rpc-core's safety rules.
 */
package dev.rpc.spring.boot.serialization;
