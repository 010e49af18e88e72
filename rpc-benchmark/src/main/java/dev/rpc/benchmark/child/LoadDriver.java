package dev.rpc.benchmark.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.spi.Completion;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.Payload;
import dev.rpc.benchmark.workload.PayloadTemplate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The client harness, the same for every contender: a blocking loop for latency, a closed loop of async
 * calls for throughput. Latencies are recorded in nanoseconds in HdrHistograms and reported in microseconds.
 *
 * <p>Every answer is checked: its id must be the request's (so answers cannot be mixed up), and the whole
 * payload must equal the request on every call when {@code verifyAll} is set (smoke runs) or on every 1024th
 * call otherwise. A wrong answer counts as an error.
 *
 * <p>In the blocking-service phases a call that fails (refused by a full worker pool, or timed out) is counted as
 * {@code failed}, not as an error: how many calls a contender refuses when more are in flight than its pool takes is
 * what those phases measure. The lane of a failed call waits {@value #RETRY_AFTER_MILLIS} ms before its next call, as
 * a client backing off would, instead of spinning on refusals. Elsewhere every failure is an error.
 */
final class LoadDriver {

    private static final int FULL_CHECK_EVERY = 1024;

    private static final int RETRY_AFTER_MILLIS = 1;

    private final boolean verifyAll;

    LoadDriver(boolean verifyAll) {
        this.verifyAll = verifyAll;
    }

    Map<String, Object> latency(Phase phase, EchoConnection connection) {
        PayloadTemplate template = PayloadTemplate.of(phase.payload());
        long errors = 0;
        String firstError = null;
        int id = 0;
        for (long i = 0; i < phase.warmup(); i++) {
            Payload request = template.request(++id);
            try {
                if (!answers(request, connection.echo(request), id)) {
                    errors++;
                    firstError = firstError == null ? "wrong answer to " + request : firstError;
                }
            }
            catch (Exception ex) {
                errors++;
                firstError = firstError == null ? describe(ex) : firstError;
            }
        }
        Histogram histogram = new Histogram(3);
        long cpuBefore = JvmStats.cpuMillis();
        long started = System.nanoTime();
        long calls = 0;
        for (long i = 0; i < phase.measure(); i++) {
            Payload request = template.request(++id);
            long t0 = System.nanoTime();
            try {
                Payload response = connection.echo(request);
                long elapsed = System.nanoTime() - t0;
                if (answers(request, response, id)) {
                    histogram.recordValue(elapsed);
                    calls++;
                }
                else {
                    errors++;
                    firstError = firstError == null ? "wrong answer to " + request : firstError;
                }
            }
            catch (Exception ex) {
                errors++;
                firstError = firstError == null ? describe(ex) : firstError;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return result(phase, template, calls, errors, firstError, seconds, histogram, JvmStats.cpuMillis() - cpuBefore);
    }

    Map<String, Object> throughput(Phase phase, List<EchoConnection> connections) throws InterruptedException {
        boolean blockingService = phase.kind() == Phase.Kind.BLOCKING_SERVICE;
        ClosedLoop loop = new ClosedLoop(PayloadTemplate.of(phase.payload()), connections, verifyAll, blockingService);
        try {
            loop.start(phase.inFlight());
            TimeUnit.MILLISECONDS.sleep(phase.warmup());
            long okBefore = loop.ok.get();
            loop.recorder.getIntervalHistogram(); // discard the warm-up
            long cpuBefore = JvmStats.cpuMillis();
            long started = System.nanoTime();
            long deadline = started + TimeUnit.MILLISECONDS.toNanos(phase.measure());
            while (System.nanoTime() < deadline) {
                if (phase.maxCalls() > 0 && loop.ok.get() + loop.errors.get() - okBefore >= phase.maxCalls()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(phase.maxCalls() > 0 ? 5 : 50);
            }
            long okAfter = loop.ok.get();
            Histogram histogram = loop.recorder.getIntervalHistogram();
            double seconds = (System.nanoTime() - started) / 1e9;
            long cpu = JvmStats.cpuMillis() - cpuBefore;
            boolean drained = loop.stop(30, TimeUnit.SECONDS);
            long errors = loop.errors.get() + (drained ? 0 : loop.outstanding.get());
            String firstError = loop.firstError.get();
            if (!drained) {
                firstError = loop.outstanding.get() + " calls still unanswered 30 s after the phase; first error: " + firstError;
            }
            Map<String, Object> result = result(phase, loop.template, okAfter - okBefore, errors, firstError, seconds,
                    histogram, cpu);
            if (blockingService) {
                result.put("failed", loop.failed.get());
                if (loop.firstFailure.get() != null) {
                    result.put("firstFailure", loop.firstFailure.get().replaceAll("\\s+", "_"));
                }
            }
            return result;
        }
        finally {
            loop.reissuer.shutdownNow();
        }
    }

    private Map<String, Object> result(Phase phase, PayloadTemplate template, long calls, long errors, String firstError,
            double seconds, Histogram histogram, long cpuMillis) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("phase", phase.name());
        result.put("kind", phase.kind());
        result.put("payload", template.spec());
        result.put("connections", phase.connections());
        result.put("inFlight", phase.inFlight());
        result.put("calls", calls);
        result.put("errors", errors);
        result.put("seconds", String.format("%.3f", seconds));
        result.put("rate", String.format("%.1f", calls / seconds));
        result.put("p50", micros(histogram.getValueAtPercentile(50)));
        result.put("p90", micros(histogram.getValueAtPercentile(90)));
        result.put("p99", micros(histogram.getValueAtPercentile(99)));
        result.put("p999", micros(histogram.getValueAtPercentile(99.9)));
        result.put("max", micros(histogram.getMaxValue()));
        result.put("mean", String.format("%.1f", histogram.getMean() / 1000.0));
        result.put("clientCpuMillis", cpuMillis);
        if (firstError != null) {
            result.put("firstError", firstError.replaceAll("\\s+", "_"));
        }
        return result;
    }

    private static String micros(long nanos) {
        return String.format("%.1f", nanos / 1000.0);
    }

    private boolean answers(Payload request, Payload response, int id) {
        if (response == null || response.getId() != request.getId()) {
            return false;
        }
        return !(verifyAll || id % FULL_CHECK_EVERY == 0) || request.equals(response);
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage()
                + (root != error ? " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
    }

    /** {@code inFlight} lanes; each lane issues its next call from the completion of its previous one. */
    private final class ClosedLoop {

        final PayloadTemplate template;

        final List<EchoConnection> connections;

        final boolean verifyAll;

        /** Calls go to the blocking service; failed calls are counted apart and retried after a pause. */
        final boolean blockingService;

        final AtomicLong ok = new AtomicLong();

        final AtomicLong errors = new AtomicLong();

        final AtomicLong failed = new AtomicLong();

        final AtomicReference<String> firstFailure = new AtomicReference<>();

        final AtomicInteger outstanding = new AtomicInteger();

        final AtomicInteger ids = new AtomicInteger();

        final AtomicReference<String> firstError = new AtomicReference<>();

        final Recorder recorder = new Recorder(3);

        /** After a failure the lane goes on from here: a failure reported synchronously must not recurse. */
        final ScheduledExecutorService reissuer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-reissue");
            thread.setDaemon(true);
            return thread;
        });

        volatile boolean stopping;

        ClosedLoop(PayloadTemplate template, List<EchoConnection> connections, boolean verifyAll, boolean blockingService) {
            this.template = template;
            this.connections = connections;
            this.verifyAll = verifyAll;
            this.blockingService = blockingService;
        }

        void start(int lanes) {
            for (int lane = 0; lane < lanes; lane++) {
                outstanding.incrementAndGet();
                issue(lane);
            }
        }

        void issue(int lane) {
            EchoConnection connection = connections.get(lane % connections.size());
            int id = ids.incrementAndGet();
            Payload request = template.request(id);
            long t0 = System.nanoTime();
            Completion completion = (response, error) -> completed(lane, request, t0, response, error);
            try {
                if (blockingService) {
                    connection.blockingEchoAsync(request, completion);
                }
                else {
                    connection.echoAsync(request, completion);
                }
            }
            catch (RuntimeException ex) {
                completed(lane, request, t0, null, ex);
            }
        }

        void completed(int lane, Payload request, long t0, Payload response, Throwable error) {
            long elapsed = System.nanoTime() - t0;
            boolean wrong = error == null && !answers(request, response, request.getId());
            if (error != null && blockingService) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, describe(error));
            }
            else if (error != null || wrong) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, error != null ? describe(error) : "wrong answer " + response + " to " + request);
            }
            else {
                recorder.recordValue(elapsed);
                ok.incrementAndGet();
            }
            if (stopping) {
                outstanding.decrementAndGet();
                return;
            }
            if (error != null || wrong) {
                reissuer.schedule(() -> reissue(lane), blockingService ? RETRY_AFTER_MILLIS : 0, TimeUnit.MILLISECONDS);
            }
            else {
                issue(lane);
            }
        }

        private void reissue(int lane) {
            if (stopping) {
                outstanding.decrementAndGet();
            }
            else {
                issue(lane);
            }
        }

        /** Stops issuing and waits for the calls in flight. */
        boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
            stopping = true;
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
            return outstanding.get() == 0;
        }
    }
}
