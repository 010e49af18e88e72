package dev.rpc.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.rpc.benchmark.harness.BenchmarkReport;
import dev.rpc.benchmark.harness.ContenderRun;
import dev.rpc.benchmark.harness.Harness;
import dev.rpc.benchmark.harness.HarnessOptions;
import dev.rpc.benchmark.harness.Layout;
import dev.rpc.benchmark.plan.Plan;
import dev.rpc.benchmark.spi.Contenders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real harness with every contender's real server and client, each in its own JVM on its own
 * classpath (as the benchmark does), for a few hundred calls per contender. Asserts correctness only, never
 * timing: every call answered with what was sent, no errors, every socket loopback-only, and no buffer
 * leak reported by Netty's detector (paranoid in the child JVMs). The TLS contenders run too; the one on OpenSSL only
 * where the netty-tcnative on its classpath loads (Linux on x86-64). {@code rpc-vthreads} runs on Java 21 and later, and
 * is skipped (not failed) before. The blocking-service phase runs for every contender whose service runs off the event
 * loop, and is skipped for the others.
 */
class BenchmarkSmokeTests {

    @Test
    @Timeout(480) // eleven contenders, two JVMs each; on a busy 2-core machine about 250 s
    void everyContenderEchoesCorrectlyOverLoopbackOnly(@TempDir Path results) throws Exception {
        Layout layout = Layout.detect();
        List<Contenders> contenders = contendersThatRunHere();
        HarnessOptions options = new HarnessOptions(contenders, "smoke", Plan.smoke(), layout.lib(), layout.self(),
                results, layout.workDir("smoke-test"), HarnessOptions.SMOKE_JVM_FLAGS, true, false);
        BenchmarkReport report = new BenchmarkReport(options);
        report.begin();
        Harness harness = new Harness(options);

        List<ContenderRun> runs = harness.run();
        report.write(runs, harness.rawLines());

        assertThat(runs).extracting(ContenderRun::id).containsExactlyElementsOf(
                contenders.stream().map(Contenders::id).toList());
        String blocking = Plan.BLOCKING + Plan.BLOCKING_IN_FLIGHT[0];
        assertThat(runs).filteredOn(run -> run.skipped() != null).allSatisfy(run -> {
            assertThat(Runtime.version().feature()).as(run.id() + " skipped: " + run.skipped()).isLessThan(21);
            assertThat(run.skipped()).contains("needs Java 21");
            assertThat(run.failure()).isNull();
            assertThat(run.phases()).isEmpty();
        });
        assertThat(runs).filteredOn(run -> run.skipped() == null).allSatisfy(run -> {
            assertThat(run.failure()).as(run.id() + " failure").isNull();
            assertThat(run.phases()).as(run.id() + " phases").containsKeys(Plan.LATENCY, Plan.THROUGHPUT_SMALL,
                    Plan.THROUGHPUT_LARGE, Plan.PAYLOAD + (1024 * 1024), Plan.CONNECTIONS + 4, "leak-rounds");
            if (run.contender().servesOnEventLoop()) {
                assertThat(run.phases()).as(run.id() + " serves on the event loop").doesNotContainKey(blocking);
                assertThat(run.skippedPhases()).containsExactly(blocking);
            }
            else {
                assertThat(run.phase(blocking)).as(run.id() + " " + blocking).containsEntry("failed", "0");
            }
            for (Map.Entry<String, Map<String, String>> phase : run.phases().entrySet()) {
                assertThat(phase.getValue().get("errors")).as(run.id() + " " + phase.getKey() + " errors: "
                        + phase.getValue().get("firstError")).isEqualTo("0");
                if (!phase.getKey().equals("leak-rounds")) {
                    assertThat(Long.parseLong(phase.getValue().get("calls"))).as(run.id() + " " + phase.getKey() + " calls")
                            .isPositive();
                }
            }
            assertThat(run.loopbackViolations()).as(run.id() + " sockets not on loopback").isEmpty();
            assertThat(run.socketSamples()).as(run.id() + " socket samples").isPositive();
            assertThat(run.maxListeningSockets()).as(run.id() + " listening sockets seen").isPositive();
            assertThat(run.maxConnectedSockets()).as(run.id() + " connected sockets seen").isPositive();
            assertThat(run.leaks()).as(run.id() + " leak reports").isEmpty();
            assertThat(run.serverStats()).as(run.id() + " server stats").containsKeys("heapAfterGcKiB", "threads", "rssKiB");
            assertThat(run.clientStats()).as(run.id() + " client stats").containsKeys("heapAfterGcKiB", "threads", "rssKiB");
        });
        assertThat(results.resolve("report.md")).content().contains("## Summary", "## Targets", "`dubbo`",
                "## TLS: ratios to `rpc`", "`rpc-tls`", "## A blocking service", "Not run by `floor`, `rpc-direct`, `grpc-direct`");
        assertThat(results.resolve("latency.png")).isNotEmptyFile();
        assertThat(results.resolve("throughput.png")).isNotEmptyFile();
    }

    /** Every contender; {@code rpc-tls-openssl} only where the root pom's netty-tcnative classifier, linux-x86_64, fits. */
    private static List<Contenders> contendersThatRunHere() {
        boolean openSsl = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        return Contenders.all().stream().filter(contender -> openSsl || contender != Contenders.RPC_TLS_OPENSSL).toList();
    }
}
