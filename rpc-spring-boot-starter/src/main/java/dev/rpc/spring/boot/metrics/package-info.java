/**
 * Micrometer gauges and counters of what the per-call timers cannot show: connections, calls queued and in flight,
 * busy workers, calls refused and why, reconnects, failovers, and the service discovery's connection.
 */
package dev.rpc.spring.boot.metrics;
