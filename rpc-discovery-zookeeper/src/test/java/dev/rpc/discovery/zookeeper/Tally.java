package dev.rpc.discovery.zookeeper;

/** The service the tests call. Not idempotent: running a call twice would count it twice. */
public interface Tally {

    /**
     * Records one call, after simulated work, and returns the name of the provider that ran it.
     * @param callId unique per call, so that a call that ran twice shows
     * @param workMicros how long the call works on the provider
     */
    String record(long callId, int workMicros);
}
