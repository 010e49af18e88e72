package dev.rpc.benchmark.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server or client JVM of one contender. Its standard output is copied to its log and queued for
 * {@link #next}; its standard error goes to the log only.
 */
final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end";

    private final String name;

    private final Process process;

    private final Path log;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private final PrintWriter commands;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Thread reader = new Thread(this::pump, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String name, List<String> command, Path workDir, Path log) throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        Files.writeString(log, String.join(" ", command) + System.lineSeparator());
        Path stderr = log.resolveSibling(log.getFileName() + ".stderr");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new ChildJvm(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    Path stderr() {
        return log.resolveSibling(log.getFileName() + ".stderr");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a command line to the child's standard input. */
    void send(String command) {
        commands.println(command);
    }

    /**
     * Returns the next line of standard output, or {@code null} once the child has exited and every line was read.
     * @throws IllegalStateException if no line arrives within the timeout
     */
    String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException(name + " printed nothing for " + timeout.toSeconds() + " s; see " + log);
        }
        if (line == END) {
            lines.add(END);
            return null;
        }
        return line;
    }

    /**
     * Returns the next line that starts with {@code keyword}, skipping others.
     * @throws IllegalStateException if the child exits first, or nothing arrives within the timeout
     */
    String await(String keyword, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(name + " did not print " + keyword + " within " + timeout.toSeconds() + " s; see " + log);
            }
            String line = next(Duration.ofNanos(left));
            if (line == null) {
                throw new IllegalStateException(name + " exited (code " + exitCode() + ") before printing " + keyword
                        + "; last lines of " + stderr() + ":\n" + tail(stderr(), 25));
            }
            if (dev.rpc.benchmark.child.Lines.is(line, keyword)) {
                return line;
            }
        }
    }

    /** Waits for the child to exit, killing it after the timeout; returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return exitCode();
    }

    int exitCode() {
        return process.isAlive() ? Integer.MIN_VALUE : process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static String tail(Path file, int count) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
        }
        catch (IOException | RuntimeException ex) {
            return "(unreadable: " + ex + ")";
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                copy.write(line);
                copy.write(System.lineSeparator());
                copy.flush();
                lines.add(line);
            }
        }
        catch (IOException ex) {
            // the process is gone
        }
        finally {
            lines.add(END);
        }
    }
}
