package dev.rpc.benchmark.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.plan.Plan;
import dev.rpc.benchmark.spi.Contenders;
import dev.rpc.benchmark.workload.EchoServiceImpl;

/**
 * Writes {@code report.md} (every table, each contender's ratio to {@code floor}, the targets, the TLS contenders'
 * ratio to {@code rpc}), the PNG charts, the raw lines the JVMs printed, and profile summaries of a {@code --jfr} run.
 */
public final class BenchmarkReport {

    private static final String FLOOR = "floor";

    /** The plaintext contender the TLS ones are compared with. */
    private static final String RPC = "rpc";

    private static final String TLS_PREFIX = "rpc-tls";

    private final HarnessOptions options;

    private ZonedDateTime started;

    private String loadAtStart;

    private List<String> otherJvmsAtStart = List.of();

    public BenchmarkReport(HarnessOptions options) {
        this.options = options;
    }

    /** Notes the machine's state before the run. */
    public void begin() {
        started = ZonedDateTime.now();
        loadAtStart = Machine.loadAverage();
        otherJvmsAtStart = otherJvms();
    }

    /** Writes everything; returns the report file. */
    public Path write(List<ContenderRun> runs, List<String> rawLines) throws IOException {
        Path dir = options.resultsDir();
        Files.createDirectories(dir);
        Files.write(dir.resolve("raw.txt"), rawLines, StandardCharsets.UTF_8);
        List<String> charts = new ArrayList<>();
        try {
            charts.addAll(Charts.write(dir, runs));
        }
        catch (RuntimeException | LinkageError ex) {
            charts.clear();
            Harness.log("charts not written: %s", ex);
        }
        List<String> profiles = options.jfr() ? JfrSummary.summarise(options.workDir(), dir) : List.of();
        Path report = dir.resolve("report.md");
        Files.writeString(report, markdown(runs, charts, profiles), StandardCharsets.UTF_8);
        return report;
    }

    private String markdown(List<ContenderRun> runs, List<String> charts, List<String> profiles) {
        Md md = new Md();
        Optional<ContenderRun> floor = runs.stream().filter(r -> r.id().equals(FLOOR) && r.succeeded()).findFirst();
        md.line("# rpc-benchmark: " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        md.line();
        if (options.smoke()) {
            md.line("**Smoke run**: a few hundred calls per phase to prove the harness works. The figures mean nothing.");
            md.line();
        }
        setup(md);
        md.line("## Contenders");
        md.line();
        md.row("contender", "what runs", "load average at its start → end");
        md.rule(3);
        for (ContenderRun run : runs) {
            String outcome = run.skipped() != null ? " — skipped: " + oneLine(run.skipped())
                    : run.failure() != null ? " — **FAILED: " + oneLine(run.failure()) + "**" : "";
            md.row("`" + run.id() + "`", run.contender().description() + outcome,
                    run.skipped() != null ? "" : run.loadAtStart() + " → " + run.loadAtEnd());
        }
        md.line();
        summary(md, runs, floor);
        tls(md, runs);
        targets(md, runs);
        latency(md, runs, floor);
        throughput(md, runs, floor);
        connections(md, runs, floor);
        payloads(md, runs, floor);
        blockingService(md, runs);
        memory(md, runs);
        sanity(md, runs);
        references(md, runs, floor);
        if (!profiles.isEmpty()) {
            md.line("## Profiles (JDK Flight Recorder)");
            md.line();
            md.line("Recorded with `-XX:StartFlightRecording=settings=profile` over the whole client run; the samples are");
            md.line("`jdk.ExecutionSample` (the frame on top of the stack, and the first `dev.rpc` frame below it) and");
            md.line("`jdk.ObjectAllocationSample` (weighted by bytes). Full lists in the `profile-*.txt` files.");
            md.line();
            profiles.forEach(md::line);
        }
        if (!charts.isEmpty()) {
            md.line("## Charts");
            md.line();
            for (String chart : charts) {
                md.line("![" + chart + "](" + chart + ")");
                md.line();
            }
        }
        return md.toString();
    }

    private void setup(Md md) {
        md.line("## Setup");
        md.line();
        md.line("- Machine: " + Machine.cores() + " cores (" + Machine.processor() + "), " + Machine.memory() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + "; the cores are what this JVM may use (`availableProcessors`), and what the thread target counts in.");
        md.line("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (the same `java` runs every JVM)");
        md.line("- Flags of every server and client JVM: `" + String.join(" ", options.jvmFlags()) + "`"
                + (options.jfr() ? " plus JDK Flight Recorder (profile settings)" : ""));
        md.line("- Each contender: one server JVM, then one client JVM running every phase below against it, on 127.0.0.1;");
        md.line("  contenders run back to back, never at the same time. Nothing is pinned to a core: client and server share the machine's cores.");
        md.line("- Load average (1, 5, 15 min) at start: " + loadAtStart + "; at the end: " + Machine.loadAverage()
                + "; at the start and end of each contender in the Contenders table. A load above the cores means other work "
                + "took turns with the contenders.");
        md.line("- Other JVMs running on the machine at start: " + (otherJvmsAtStart.isEmpty() ? "none"
                : otherJvmsAtStart.size() + " (" + String.join("; ", otherJvmsAtStart) + ")")
                + ". Other work on the machine makes absolute figures noisy: compare ratios within one run.");
        md.line("- Plan `" + options.planName() + "`, phases in order:");
        for (Phase phase : options.phases()) {
            md.line("  - `" + phase.name() + "`: " + describe(phase));
        }
        md.line("- Latencies are measured in the client, per call, into HdrHistograms (3 significant digits), reported in microseconds.");
        md.line("  Throughput counts calls answered correctly during the measured window; errors count failures and wrong answers over the whole phase");
        md.line("  (in the blocking-service phases, failed calls are counted apart: see that section).");
        md.line();
    }

    private static String describe(Phase phase) {
        if (phase.kind() == Phase.Kind.LATENCY) {
            return "blocking API, 1 caller, payload " + phase.payload() + ", " + phase.warmup() + " warm-up calls, then "
                    + phase.measure() + " measured";
        }
        return (phase.kind() == Phase.Kind.BLOCKING_SERVICE ? "the blocking service (" + EchoServiceImpl.BLOCKING_MILLIS
                + " ms asleep per call), " : "") + "async API, closed loop, " + phase.inFlight() + " calls in flight over " + phase.connections()
                + (phase.connections() == 1 ? " connection" : " connections") + ", payload " + phase.payload() + ", "
                + seconds(phase.warmup()) + " warm-up, " + seconds(phase.measure()) + " measured"
                + (phase.maxCalls() > 0 ? " (or " + phase.maxCalls() + " calls)" : "");
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private void summary(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## Summary: ratios to `floor`");
        md.line();
        md.line("Throughput: higher is better (ratio > 1 beats the floor). Latency: lower is better (ratio < 1 beats the floor).");
        md.line();
        md.row("contender", "throughput small", "× floor", "throughput large", "× floor", "p50", "× floor", "p99", "× floor", "errors");
        md.rule(10);
        for (ContenderRun run : runs) {
            if (!run.succeeded()) {
                md.row("`" + run.id() + "`", run.skipped() != null ? "skipped" : "failed", "", "", "", "", "", "", "", "");
                continue;
            }
            md.row("`" + run.id() + "`",
                    rate(run.value(Plan.THROUGHPUT_SMALL, "rate")), ratio(run, floor, Plan.THROUGHPUT_SMALL, "rate"),
                    rate(run.value(Plan.THROUGHPUT_LARGE, "rate")), ratio(run, floor, Plan.THROUGHPUT_LARGE, "rate"),
                    us(run.value(Plan.LATENCY, "p50")), ratio(run, floor, Plan.LATENCY, "p50"),
                    us(run.value(Plan.LATENCY, "p99")), ratio(run, floor, Plan.LATENCY, "p99"),
                    Long.toString(run.totalErrors()));
        }
        md.line();
    }

    /** What TLS costs: the TLS contenders against {@code rpc}, the same workload in plaintext; only when one ran. */
    private void tls(Md md, List<ContenderRun> runs) {
        List<ContenderRun> tls = runs.stream().filter(run -> run.id().startsWith(TLS_PREFIX)).toList();
        if (tls.isEmpty()) {
            return;
        }
        Optional<ContenderRun> rpc = find(runs, RPC);
        int largest = Plan.PAYLOAD_SIZES[Plan.PAYLOAD_SIZES.length - 1];
        String payload = Plan.PAYLOAD + largest;
        md.line("## TLS: ratios to `rpc`");
        md.line();
        md.line("The TLS contenders against `rpc`, the same workload in plaintext" + (rpc.isPresent() ? "" : " (not in this run, "
                + "or failed: add it to `--contenders` for the ratios)") + ". Throughput: a ratio below 1 is what TLS costs; "
                + "latency: a ratio above 1 is. The largest payload shows the cost of encryption per byte.");
        md.line();
        md.row("contender", "throughput small", "× rpc", "throughput large", "× rpc", size(largest) + " calls/s", "× rpc", "p50 µs", "× rpc", "p99 µs", "× rpc");
        md.rule(11);
        for (ContenderRun run : tls) {
            if (!run.succeeded()) {
                md.row("`" + run.id() + "`", "failed", "", "", "", "", "", "", "", "", "");
                continue;
            }
            md.row("`" + run.id() + "`",
                    rate(run.value(Plan.THROUGHPUT_SMALL, "rate")), ratio(run, rpc, Plan.THROUGHPUT_SMALL, "rate"),
                    rate(run.value(Plan.THROUGHPUT_LARGE, "rate")), ratio(run, rpc, Plan.THROUGHPUT_LARGE, "rate"),
                    rate(run.value(payload, "rate")), ratio(run, rpc, payload, "rate"),
                    us(run.value(Plan.LATENCY, "p50")), ratio(run, rpc, Plan.LATENCY, "p50"),
                    us(run.value(Plan.LATENCY, "p99")), ratio(run, rpc, Plan.LATENCY, "p99"));
        }
        md.line();
    }

    private void targets(Md md, List<ContenderRun> runs) {
        Targets targets = new Targets(runs, Machine.cores());
        md.line("## Targets");
        md.line();
        md.line("The performance issue's targets, as ratios within this run on " + Machine.cores() + " cores. "
                + "\"not measured\": a contender the target needs did not run (add it to `--contenders`), was skipped or failed.");
        md.line();
        targetTable(md, targets.performance());
        md.line("Earlier targets, from the first benchmark issue, that the ones above did not replace:");
        md.line();
        targetTable(md, targets.earlier());
    }

    private static void targetTable(Md md, List<Targets.Row> rows) {
        md.row("target", "measured", "met?");
        md.rule(3);
        for (Targets.Row row : rows) {
            md.row(row.target(), row.measured(), row.verdict());
        }
        md.line();
    }

    private void latency(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## Latency: blocking API, 1 caller, small payload");
        md.line();
        md.row("contender", "calls/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "p50 × floor", "p99 × floor", "p99.9 × floor", "errors");
        md.rule(11);
        for (ContenderRun run : ok(runs)) {
            Map<String, String> p = run.phase(Plan.LATENCY);
            if (p == null) {
                continue;
            }
            md.row("`" + run.id() + "`", rate(run.value(Plan.LATENCY, "rate")), p.get("p50"), p.get("p90"), p.get("p99"),
                    p.get("p999"), p.get("max"), ratio(run, floor, Plan.LATENCY, "p50"), ratio(run, floor, Plan.LATENCY, "p99"),
                    ratio(run, floor, Plan.LATENCY, "p999"), p.get("errors"));
        }
        md.line();
    }

    private void throughput(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## Throughput: async API, one connection, " + Plan.IN_FLIGHT + " calls in flight");
        md.line();
        md.row("contender", "payload", "calls/s", "× floor", "p50 µs", "p99 µs", "p99.9 µs", "client CPU µs/call", "errors");
        md.rule(9);
        for (String phase : List.of(Plan.THROUGHPUT_SMALL, Plan.THROUGHPUT_LARGE)) {
            for (ContenderRun run : ok(runs)) {
                Map<String, String> p = run.phase(phase);
                if (p == null) {
                    continue;
                }
                md.row("`" + run.id() + "`", p.get("payload"), rate(run.value(phase, "rate")), ratio(run, floor, phase, "rate"),
                        p.get("p50"), p.get("p99"), p.get("p999"), cpuPerCall(run, phase), p.get("errors"));
            }
        }
        md.line();
    }

    private void connections(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## How cost grows with connections");
        md.line();
        md.line(Plan.CONNECTIONS_IN_FLIGHT + " calls in flight spread evenly over 1, 16 and 128 connections, small payload; "
                + "shorter phases than the main throughput (see Setup). Throughput in calls/s, p99 in µs.");
        md.line();
        List<String> header = new ArrayList<>(List.of("contender"));
        for (int c : Plan.CONNECTION_COUNTS) {
            header.add(c + " conn calls/s");
            header.add("× floor");
            header.add("p99");
        }
        header.add("128 / 1");
        md.row(header.toArray(String[]::new));
        md.rule(header.size());
        for (ContenderRun run : ok(runs)) {
            List<String> row = new ArrayList<>(List.of("`" + run.id() + "`"));
            for (int c : Plan.CONNECTION_COUNTS) {
                String phase = Plan.CONNECTIONS + c;
                row.add(rate(run.value(phase, "rate")));
                row.add(ratio(run, floor, phase, "rate"));
                row.add(us(run.value(phase, "p99")));
            }
            row.add(String.format(Locale.ROOT, "%.2f×", run.value(Plan.CONNECTIONS + 128, "rate") / run.value(Plan.CONNECTIONS + 1, "rate")));
            md.row(row.toArray(String[]::new));
        }
        md.line();
    }

    private void payloads(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## How cost grows with payload size");
        md.line();
        md.line("One connection, " + Plan.IN_FLIGHT + " calls in flight; the payload's blob is this many bytes of ASCII text "
                + "(the other fields add about 80 bytes); shorter phases (see Setup). Throughput in calls/s (MB/s of blob each way), p99 in µs.");
        md.line();
        List<String> header = new ArrayList<>(List.of("contender"));
        for (int size : Plan.PAYLOAD_SIZES) {
            header.add(size(size) + " calls/s");
            header.add("× floor");
            header.add("p99");
        }
        md.row(header.toArray(String[]::new));
        md.rule(header.size());
        for (ContenderRun run : ok(runs)) {
            List<String> row = new ArrayList<>(List.of("`" + run.id() + "`"));
            for (int size : Plan.PAYLOAD_SIZES) {
                String phase = Plan.PAYLOAD + size;
                double rate = run.value(phase, "rate");
                row.add(rate(rate) + (Double.isNaN(rate) ? "" : String.format(Locale.ROOT, " (%.1f MB/s)", rate * size / 1e6)));
                row.add(ratio(run, floor, phase, "rate"));
                row.add(us(run.value(phase, "p99")));
            }
            md.row(row.toArray(String[]::new));
        }
        md.line();
    }

    /**
     * The blocking-service phases: what the size of each contender's worker pool and queue does to a service that
     * blocks; only when the plan has them. Contenders serving on the event loop are listed as skipped, and why.
     */
    private void blockingService(Md md, List<ContenderRun> runs) {
        List<Phase> phases = options.phases().stream().filter(p -> p.kind() == Phase.Kind.BLOCKING_SERVICE).toList();
        if (phases.isEmpty()) {
            return;
        }
        md.line("## A blocking service: " + EchoServiceImpl.BLOCKING_MILLIS + " ms asleep per call");
        md.line();
        md.line("Each call's service blocks its thread for " + EchoServiceImpl.BLOCKING_MILLIS + " ms (`Thread.sleep`, as a "
                + "database call would) before it answers; the calls in flight are spread over " + phases.get(0).connections()
                + " connections, small payload, shorter phases (see Setup). Every contender serves with its default executor "
                + "(`rpc-vthreads` with virtual threads). "
                + "No one can pass (calls in flight) × 1000 calls/s, since each call holds a thread for a millisecond or more "
                + "(a sleep of 1 ms takes about 1.1 ms); a pool of T threads tops out near T × 1000 calls/s, and the calls beyond "
                + "its threads and its queue wait or are refused. A refused or timed-out call counts as failed here (over the "
                + "whole phase, warm-up included), not as an error: it is what is measured. Latencies in milliseconds; "
                + "server peak threads over the whole run, platform threads only (virtual threads are not counted).");
        md.line();
        List<String> header = new ArrayList<>(List.of("contender"));
        for (Phase phase : phases) {
            header.addAll(List.of(phase.inFlight() + " in flight calls/s", "p50 ms", "p99 ms", "failed"));
        }
        header.addAll(List.of("first failure", "server peak threads"));
        md.row(header.toArray(String[]::new));
        md.rule(header.size());
        List<String> skipped = new ArrayList<>();
        for (ContenderRun run : runs) {
            if (!run.skippedPhases().isEmpty()) {
                skipped.add("`" + run.id() + "`");
                continue;
            }
            if (!run.succeeded()) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of("`" + run.id() + "`"));
            String firstFailure = "";
            for (Phase phase : phases) {
                Map<String, String> p = run.phase(phase.name());
                row.add(rate(run.value(phase.name(), "rate")));
                row.add(ms(run.value(phase.name(), "p50")));
                row.add(ms(run.value(phase.name(), "p99")));
                row.add(p == null ? "n/a" : p.getOrDefault("failed", "0"));
                if (firstFailure.isEmpty() && p != null && p.get("firstFailure") != null) {
                    firstFailure = oneLine(p.get("firstFailure").replace('_', ' '));
                }
            }
            row.add(firstFailure);
            row.add(run.serverStats().getOrDefault("peakThreads", "?"));
            md.row(row.toArray(String[]::new));
        }
        md.line();
        if (!skipped.isEmpty()) {
            md.line("Not run by " + String.join(", ", skipped) + ": the service of " + (skipped.size() == 1 ? "this contender"
                    : "these contenders") + " runs on the event loop that reads the calls, and a service that blocks there "
                    + "stalls every connection of that loop, which is exactly what an event loop must never do.");
            md.line();
        }
    }

    private static String ms(double micros) {
        return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%.2f", micros / 1000);
    }

    private void memory(Md md, List<ContenderRun> runs) {
        md.line("## Memory, GC, threads, CPU");
        md.line();
        md.line("Reported by each JVM about itself (JMX and `/proc/self/status`) after its last phase: RSS now and at its peak, "
                + "heap in use after a full GC (`System.gc()`), GC count and time over the whole run, live and peak threads, "
                + "CPU time of the process. The client also ran the 16- and 128-connection phases.");
        md.line();
        md.row("contender", "side", "RSS MiB", "peak RSS MiB", "heap after GC MiB", "GCs", "GC ms", "threads", "peak threads", "CPU s");
        md.rule(10);
        for (ContenderRun run : ok(runs)) {
            for (String side : List.of("server", "client")) {
                Map<String, String> s = side.equals("server") ? run.serverStats() : run.clientStats();
                md.row("`" + run.id() + "`", side, mib(stat(s, "rssKiB")), mib(stat(s, "peakRssKiB")), mib(stat(s, "heapAfterGcKiB")),
                        s.getOrDefault("gcCount", "?"), s.getOrDefault("gcMillis", "?"), s.getOrDefault("threads", "?"),
                        s.getOrDefault("peakThreads", "?"), String.format(Locale.ROOT, "%.1f", stat(s, "cpuMillis") / 1000.0));
            }
        }
        md.line();
    }

    private void sanity(Md md, List<ContenderRun> runs) {
        md.line("## Checks");
        md.line();
        md.line("Every socket of both JVMs was sampled from `/proc` (as `ss -tunap` does) every 250 ms while the contender ran; "
                + "a socket that is not loopback-only stops the run. Errors: failed calls and wrong answers over all phases.");
        md.line();
        md.row("contender", "errors", "first error", "socket samples", "max connected sockets", "listening", "not loopback", "leak reports");
        md.rule(8);
        for (ContenderRun run : runs) {
            String firstError = run.phases().values().stream().map(p -> p.get("firstError")).filter(e -> e != null)
                    .findFirst().orElse("");
            md.row("`" + run.id() + "`", run.succeeded() ? Long.toString(run.totalErrors()) : run.skipped() != null ? "skipped" : "failed",
                    oneLine(firstError.replace('_', ' ')),
                    Integer.toString(run.socketSamples()), Integer.toString(run.maxConnectedSockets()),
                    Integer.toString(run.maxListeningSockets()),
                    run.loopbackViolations().isEmpty() ? "none" : String.join("; ", run.loopbackViolations()),
                    run.leaks().isEmpty() ? "none" : run.leaks().size() + "");
        }
        md.line();
    }

    private void references(Md md, List<ContenderRun> runs, Optional<ContenderRun> floor) {
        md.line("## Peers against the reference figures");
        md.line();
        md.line("Ranges measured earlier on this kind of machine with this workload; a peer far outside its range hints at a noisy run.");
        md.line();
        md.row("contender", "throughput small × floor", "reference", "p50 × floor", "reference");
        md.rule(5);
        String[][] references = { { "grpc-direct", "0.53–0.59×", "1.8–2.3×" }, { "grpc", "0.15–0.17×", "2.7–3.1×" },
                { "dubbo", "0.20–0.30×", "2.2–2.7×" } };
        for (String[] reference : references) {
            Optional<ContenderRun> run = find(runs, reference[0]);
            md.row("`" + reference[0] + "`", format(ratioValue(run, floor, Plan.THROUGHPUT_SMALL, "rate")), reference[1],
                    format(ratioValue(run, floor, Plan.LATENCY, "p50")), reference[2]);
        }
        floor.ifPresent(f -> md.row("`floor`", rate(f.value(Plan.THROUGHPUT_SMALL, "rate")) + " calls/s small, "
                + rate(f.value(Plan.THROUGHPUT_LARGE, "rate")) + " large", "125–143 k small, 27–30 k large",
                us(f.value(Plan.LATENCY, "p50")) + " µs p50", "76–87 µs"));
        md.line();
    }

    private static String cpuPerCall(ContenderRun run, String phase) {
        double micros = Targets.cpuMicrosPerCall(run, phase);
        return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%.1f", micros);
    }

    private static List<ContenderRun> ok(List<ContenderRun> runs) {
        return runs.stream().filter(ContenderRun::succeeded).toList();
    }

    private static Optional<ContenderRun> find(List<ContenderRun> runs, String id) {
        return runs.stream().filter(r -> r.id().equals(id) && r.succeeded()).findFirst();
    }

    private static double ratioValue(Optional<ContenderRun> run, Optional<ContenderRun> floor, String phase, String key) {
        if (run.isEmpty() || floor.isEmpty()) {
            return Double.NaN;
        }
        return run.get().value(phase, key) / floor.get().value(phase, key);
    }

    private static String ratio(ContenderRun run, Optional<ContenderRun> floor, String phase, String key) {
        return format(ratioValue(Optional.of(run), floor, phase, key));
    }

    private static String format(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String rate(double rate) {
        if (Double.isNaN(rate)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,.0f", rate).replace(',', ' ');
    }

    private static String us(double micros) {
        return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%.1f", micros);
    }

    private static String mib(double kib) {
        return kib < 0 || Double.isNaN(kib) ? "?" : String.format(Locale.ROOT, "%.1f", kib / 1024);
    }

    static String size(int bytes) {
        if (bytes >= 1024 * 1024) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static double stat(Map<String, String> stats, String key) {
        String value = stats.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").replace("|", "\\|");
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }

    /** Other JVMs on the machine (other people's builds make the figures noisy), by their main class or jar. */
    private static List<String> otherJvms() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(p -> p.info().arguments().map(BenchmarkReport::mainOf).orElse("java"))
                .toList();
    }

    private static String mainOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-jar") && i + 1 < args.length) {
                return Path.of(args[i + 1]).getFileName().toString();
            }
            if (args[i].equals("-cp") || args[i].equals("-classpath") || args[i].equals("--class-path")) {
                i++;
                continue;
            }
            if (!args[i].startsWith("-")) {
                String main = args[i];
                return main.substring(main.lastIndexOf('.') + 1);
            }
        }
        return "java";
    }

    /** A markdown builder. */
    private static final class Md {

        private final StringBuilder text = new StringBuilder();

        void line(String line) {
            text.append(line).append('\n');
        }

        void line() {
            text.append('\n');
        }

        void row(String... cells) {
            text.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }

        void rule(int columns) {
            text.append("|").append("---|".repeat(columns)).append('\n');
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    static ToDoubleFunction<ContenderRun> rateOf(String phase) {
        return run -> run.value(phase, "rate");
    }

    static List<Contenders> order() {
        return Contenders.all();
    }
}
