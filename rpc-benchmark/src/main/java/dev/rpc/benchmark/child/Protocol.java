package dev.rpc.benchmark.child;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Plumbing shared by the child JVMs. */
final class Protocol {

    private Protocol() {
    }

    /**
     * Returns a stream on the real standard output, for the line protocol, and points {@code System.out}
     * at standard error, so that a framework printing to {@code System.out} cannot garble the protocol.
     */
    static PrintStream takeStdout() {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        return protocol;
    }

    /** Smoke runs: a daemon thread collects garbage regularly, so the leak detector sees dropped buffers. */
    static void collectGarbageEvery(long millis) {
        Thread collector = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(millis);
                }
                catch (InterruptedException ex) {
                    return;
                }
                System.gc();
            }
        }, "bench-gc");
        collector.setDaemon(true);
        collector.start();
    }
}
