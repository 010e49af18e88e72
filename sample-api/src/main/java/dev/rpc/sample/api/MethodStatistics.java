package dev.rpc.sample.api;

/**
 * The calls of one method that ended with one status, as the server's {@code rpc.server} timer counted them.
 *
 * @param service the service name
 * @param method the method name
 * @param status the status the calls ended with
 * @param count how many
 * @param p50Millis the median duration, in milliseconds
 * @param p99Millis the 99th percentile, in milliseconds
 */
public record MethodStatistics(String service, String method, String status, long count, double p50Millis,
        double p99Millis) {
}
