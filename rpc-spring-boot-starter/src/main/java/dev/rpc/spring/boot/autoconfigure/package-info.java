/**
 * Auto-configuration of the RPC server and client, and their {@code rpc.*} properties.
 */
package dev.rpc.spring.boot.autoconfigure;
