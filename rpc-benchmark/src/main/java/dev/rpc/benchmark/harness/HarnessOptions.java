package dev.rpc.benchmark.harness;

import java.nio.file.Path;
import java.util.List;

import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.spi.Contenders;

/**
 * How to run the benchmark.
 *
 * @param contenders who runs, in this order
 * @param planName {@code full}, {@code quick} or {@code smoke}, for the report
 * @param phases what each client runs
 * @param libDir the folder holding {@code harness/} and one classpath folder per contender
 * @param self this module's classes (the jar, or {@code target/classes})
 * @param resultsDir where the report goes (created)
 * @param workDir where logs, JFR recordings and the children's working directories go (created)
 * @param jvmFlags flags of every server and client JVM
 * @param smoke smoke run: full answer checks, leak detection, no report figures worth reading
 * @param jfr record each JVM with JDK Flight Recorder and summarise the profiles
 */
public record HarnessOptions(List<Contenders> contenders, String planName, List<Phase> phases, Path libDir, Path self,
        Path resultsDir, Path workDir, List<String> jvmFlags, boolean smoke, boolean jfr) {

    /** Flags of every contender JVM in a measured run. */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    /** Smoke runs: small heaps, and Netty's leak detector (also under gRPC's shaded package name) at paranoid. */
    public static final List<String> SMOKE_JVM_FLAGS = List.of("-Xms128m", "-Xmx256m", "-XX:+UseG1GC",
            "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=paranoid",
            "-Dio.grpc.netty.shaded.io.netty.leakDetection.level=paranoid");
}
