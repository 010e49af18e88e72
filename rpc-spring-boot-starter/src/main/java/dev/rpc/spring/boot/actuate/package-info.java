/**
 * Spring Boot Actuator support: health indicators of the server, the client's connections and the ZooKeeper
 * discovery, the {@code rpc} endpoint (what is exported and referenced, and how it is doing), and the framework's
 * version in {@code info}.
 */
package dev.rpc.spring.boot.actuate;
