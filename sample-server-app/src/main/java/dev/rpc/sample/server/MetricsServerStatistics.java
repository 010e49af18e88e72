package dev.rpc.sample.server;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpc.sample.api.MethodStatistics;
import dev.rpc.sample.api.ServerStatistics;
import dev.rpc.spring.boot.annotation.RpcService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Reads the {@code rpc.server} timers that the framework's observations fill (percentiles as configured under
 * {@code management.metrics.distribution.percentiles.rpc.server}), leaving out its own calls.
 */
@RpcService
public class MetricsServerStatistics implements ServerStatistics {

    private final MeterRegistry meters;

    /**
     * Creates the service.
     * @param meters the registry the actuator configures, holding the {@code rpc.server} timers
     */
    public MetricsServerStatistics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public List<MethodStatistics> calls() {
        return this.meters.find("rpc.server").timers().stream()
                .filter(timer -> !ServerStatistics.class.getName().equals(timer.getId().getTag("rpc.service")))
                .map(MetricsServerStatistics::statistics)
                .sorted(Comparator.comparing(MethodStatistics::method).thenComparing(MethodStatistics::status))
                .toList();
    }

    private static MethodStatistics statistics(Timer timer) {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(TimeUnit.MILLISECONDS);
            }
            else if (value.percentile() == 0.99) {
                p99 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        return new MethodStatistics(timer.getId().getTag("rpc.service"), timer.getId().getTag("rpc.method"),
                timer.getId().getTag("rpc.response.status_code"), timer.count(), p50, p99);
    }
}
