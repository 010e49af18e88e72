package dev.rpc.benchmark.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the sockets of a contender's JVMs while it runs and remembers every one that is not loopback-only.
 * The harness refuses to go on (and to report) once one is seen.
 */
final class SocketMonitor implements AutoCloseable {

    private final List<Long> pids = new CopyOnWriteArrayList<>();

    private final Set<String> violations = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "socket-monitor");
        thread.setDaemon(true);
        return thread;
    });

    private volatile int samples;

    private volatile int maxConnected;

    private volatile int maxListening;

    SocketMonitor(long periodMillis) {
        sampler.scheduleWithFixedDelay(this::sample, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void watch(long pid) {
        pids.add(pid);
    }

    /** Samples now, on the calling thread; returns the violations seen so far. */
    synchronized List<String> sample() {
        int connected = 0;
        int listening = 0;
        for (long pid : pids) {
            for (Sockets.Socket socket : Sockets.of(pid)) {
                if (socket.listening()) {
                    listening++;
                }
                else if (socket.connected()) {
                    connected++;
                }
                if (!socket.loopbackOnly()) {
                    violations.add("pid " + pid + ": " + socket);
                }
            }
        }
        samples++;
        maxConnected = Math.max(maxConnected, connected);
        maxListening = Math.max(maxListening, listening);
        return violations();
    }

    List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    int samples() {
        return samples;
    }

    int maxConnected() {
        return maxConnected;
    }

    int maxListening() {
        return maxListening;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
