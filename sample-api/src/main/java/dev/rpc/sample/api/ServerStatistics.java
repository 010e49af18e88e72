package dev.rpc.sample.api;

import java.util.List;

/** What the sample server's metrics say about the calls it served: the demo prints it after its calls. */
public interface ServerStatistics {

    /** Returns the calls served so far, per service, method and status, with latency percentiles. */
    List<MethodStatistics> calls();
}
