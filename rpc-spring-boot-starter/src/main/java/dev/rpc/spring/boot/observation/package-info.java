/**
 * Micrometer Observation of every RPC call, on the client and on the server, through the interceptor seam: one
 * observation per call, whose handlers make timers (metrics), spans (tracing, with the trace context carried in the
 * call's metadata) and log correlation. Names and keys come from replaceable {@code ObservationConvention}s.
 */
package dev.rpc.spring.boot.observation;
