package dev.rpc.benchmark.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.rpc.benchmark.child.ClientMain;
import dev.rpc.benchmark.child.Lines;
import dev.rpc.benchmark.child.ServerMain;
import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.spi.Contenders;

/**
 * Runs the contenders back to back, each as a server JVM and a client JVM on 127.0.0.1 with the same flags,
 * and collects what they print. Every socket of both JVMs is sampled while they run; a socket that is not
 * loopback-only stops the run with {@link LoopbackViolationException}.
 */
public final class Harness {

    private final HarnessOptions options;

    private final List<String> rawLines = new ArrayList<>();

    public Harness(HarnessOptions options) {
        this.options = options;
    }

    /** Runs every contender; a contender that fails is recorded and the next one runs. */
    public List<ContenderRun> run() throws IOException, InterruptedException {
        Files.createDirectories(options.workDir());
        List<ContenderRun> runs = new ArrayList<>();
        for (Contenders contender : options.contenders()) {
            ContenderRun run = new ContenderRun(contender);
            run.loadAtStart = Machine.loadAverage();
            Optional<String> unavailable = contender.unavailableOn(childJavaFeature());
            if (unavailable.isPresent()) {
                run.skipped = unavailable.get();
                run.loadAtEnd = run.loadAtStart;
                runs.add(run);
                log("%s: skipped: %s", contender.id(), run.skipped);
                continue;
            }
            long started = System.nanoTime();
            log("%s: starting (%s), load average %s", contender.id(), contender.description(), run.loadAtStart);
            try {
                runContender(run);
            }
            catch (LoopbackViolationException ex) {
                throw ex;
            }
            catch (Exception ex) {
                run.failure = ex.getMessage() == null ? ex.toString() : ex.getMessage();
                log("%s: FAILED: %s", contender.id(), run.failure);
            }
            run.wallMillis = (System.nanoTime() - started) / 1_000_000;
            run.loadAtEnd = Machine.loadAverage();
            runs.add(run);
            log("%s: done in %.1f s", contender.id(), run.wallMillis / 1000.0);
        }
        return runs;
    }

    /** Every protocol line the children printed, prefixed with the contender and side. */
    public List<String> rawLines() {
        return rawLines;
    }

    private void runContender(ContenderRun run) throws IOException, InterruptedException {
        String id = run.id();
        Path work = options.workDir().resolve(id);
        List<String> serverCommand = command(run.contender(), ServerMain.class.getName(), List.of(id));
        if (options.smoke()) {
            serverCommand.add("--smoke");
        }
        try (ChildJvm server = ChildJvm.start(id + "-server", serverCommand, work, work.resolve("server.log"));
                SocketMonitor monitor = new SocketMonitor(250)) {
            String readyLine = server.await(Lines.READY, Duration.ofSeconds(120));
            Map<String, String> ready = Lines.parse(readyLine);
            monitor.watch(server.pid());
            List<String> early = monitor.sample();
            refuseUnlessLoopback(run, monitor, early, server, null);
            if (monitor.maxListening() == 0) {
                throw new IllegalStateException(id + ": the server reported port " + ready.get("port")
                        + " but no listening socket of pid " + server.pid() + " was found in /proc");
            }
            List<String> clientArgs = new ArrayList<>(List.of(id, ready.get("host"), ready.get("port")));
            if (options.smoke()) {
                clientArgs.add("--smoke");
            }
            for (Phase phase : options.phases()) {
                if (phase.kind() == Phase.Kind.BLOCKING_SERVICE && run.contender().servesOnEventLoop()) {
                    run.skippedPhases.add(phase.name());
                }
                else {
                    clientArgs.add(phase.encode());
                }
            }
            try (ChildJvm client = ChildJvm.start(id + "-client",
                    command(run.contender(), ClientMain.class.getName(), clientArgs), work, work.resolve("client.log"))) {
                monitor.watch(client.pid());
                Duration quiet = Duration.ofSeconds(options.smoke() ? 60 : 180);
                String line;
                while ((line = client.next(quiet)) != null) {
                    refuseUnlessLoopback(run, monitor, monitor.violations(), server, client);
                    if (Lines.is(line, Lines.PHASE)) {
                        log("%s: %s", id, Lines.parse(line).get("phase"));
                    }
                    else if (Lines.is(line, Lines.RESULT)) {
                        rawLines.add(id + " client " + line);
                        Map<String, String> result = Lines.parse(line);
                        run.phases.put(result.get("phase"), result);
                        log("%s:   %s", id, summary(result));
                    }
                    else if (Lines.is(line, Lines.STATS)) {
                        rawLines.add(id + " client " + line);
                        run.clientStats = Lines.parse(line);
                    }
                    else if (Lines.is(line, Lines.DONE)) {
                        break;
                    }
                }
                refuseUnlessLoopback(run, monitor, monitor.sample(), server, client);
                int clientExit = client.waitFor(Duration.ofSeconds(30));
                if (clientExit != 0) {
                    throw new IllegalStateException(id + ": the client exited with " + clientExit + "; last lines of "
                            + client.stderr() + ":\n" + ChildJvm.tail(client.stderr(), 30));
                }
            }
            finally {
                run.socketSamples = monitor.samples();
                run.maxConnectedSockets = monitor.maxConnected();
                run.maxListeningSockets = monitor.maxListening();
            }
            server.send(Lines.CMD_STATS);
            String stats = server.await(Lines.STATS, Duration.ofSeconds(60));
            rawLines.add(id + " server " + stats);
            run.serverStats = Lines.parse(stats);
            server.send(Lines.CMD_STOP);
            server.await(Lines.STOPPED, Duration.ofSeconds(30));
            server.waitFor(Duration.ofSeconds(15));
        }
        finally {
            scanForLeaks(run, work);
        }
    }

    private void refuseUnlessLoopback(ContenderRun run, SocketMonitor monitor, List<String> violations, ChildJvm server,
            ChildJvm client) throws InterruptedException {
        if (violations.isEmpty()) {
            return;
        }
        run.loopbackViolations.addAll(violations);
        if (client != null) {
            client.close();
        }
        server.close();
        throw new LoopbackViolationException(run.id() + " opened sockets that are not loopback-only; refusing to run:\n  "
                + String.join("\n  ", violations));
    }

    private void scanForLeaks(ContenderRun run, Path work) {
        if (!Files.isDirectory(work)) {
            return;
        }
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".stderr")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.contains("LEAK:")) {
                        run.leaks.add(file.getFileName() + ": " + line.trim());
                    }
                }
            }
        }
        catch (IOException ex) {
            run.leaks.add("could not scan the logs for leaks: " + ex);
        }
    }

    private List<String> command(Contenders contender, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(options.jvmFlags());
        if (options.jfr()) {
            String side = mainClass.endsWith("ServerMain") ? "server" : "client";
            Path recording = options.workDir().resolve(contender.id() + "-" + side + ".jfr").toAbsolutePath();
            command.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, options.self().toAbsolutePath().toString(),
                options.libDir().resolve("harness").toAbsolutePath() + File.separator + "*",
                options.libDir().resolve(contender.classpath()).toAbsolutePath() + File.separator + "*"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The {@code java} of the JVM running the harness: every contender runs on the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The Java feature release of every server and client JVM: they run on {@link #javaExecutable()}, this JVM's own
     * {@code java}, so their version is this one's.
     */
    static int childJavaFeature() {
        return Runtime.version().feature();
    }

    private static String summary(Map<String, String> result) {
        if (result.get("rate") == null) {
            return result.get("phase") + ": errors " + result.get("errors");
        }
        return String.format("%s: %s calls/s, p50 %s us, p99 %s us, errors %s%s", result.get("phase"), result.get("rate"),
                result.get("p50"), result.get("p99"), result.get("errors"),
                result.containsKey("failed") ? ", failed " + result.get("failed") : "");
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
        System.out.flush();
    }

    /** A contender's JVM opened a socket that is not loopback-only. */
    public static final class LoopbackViolationException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        LoopbackViolationException(String message) {
            super(message);
        }
    }
}
