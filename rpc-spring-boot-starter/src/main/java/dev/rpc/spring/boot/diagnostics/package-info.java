/**
 * Startup failures of the RPC starter, and the failure analyzers that tell the developer what to do.
 */
package dev.rpc.spring.boot.diagnostics;
