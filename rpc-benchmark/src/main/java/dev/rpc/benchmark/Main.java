package dev.rpc.benchmark;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.rpc.benchmark.harness.BenchmarkReport;
import dev.rpc.benchmark.harness.ContenderRun;
import dev.rpc.benchmark.harness.Harness;
import dev.rpc.benchmark.harness.HarnessOptions;
import dev.rpc.benchmark.harness.Layout;
import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.plan.Plan;
import dev.rpc.benchmark.spi.Contenders;

/**
 * Command line of the benchmark.
 *
 * <pre>
 * java -jar rpc-benchmark/target/rpc-benchmark.jar [--plan=full|quick|smoke] [--contenders=floor,rpc,...]
 *      [--out=DIR] [--jfr] [--jvm-flags="-Xms1g -Xmx1g"]
 * java -jar rpc-benchmark/target/rpc-benchmark.jar jmh [JMH options]
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            System.exit(jmh(Arrays.copyOfRange(args, 1, args.length)));
        }
        String plan = "full";
        List<Contenders> contenders = Contenders.defaults();
        Path out = null;
        boolean jfr = false;
        List<String> jvmFlags = null;
        List<String> onlyPhases = null;
        for (String arg : args) {
            if (arg.startsWith("--plan=")) {
                plan = arg.substring(7);
            }
            else if (arg.startsWith("--contenders=")) {
                contenders = Arrays.stream(arg.substring(13).split(",")).map(Contenders::byId).toList();
            }
            else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            }
            else if (arg.startsWith("--phases=")) {
                onlyPhases = Arrays.asList(arg.substring(9).split(","));
            }
            else if (arg.equals("--jfr")) {
                jfr = true;
            }
            else if (arg.startsWith("--jvm-flags=")) {
                jvmFlags = Arrays.asList(arg.substring(12).trim().split("\\s+"));
            }
            else {
                System.err.println("unknown argument " + arg + "; usage: [--plan=full|quick|smoke] "
                        + "[--contenders=floor,rpc,rpc-direct,rpc-vthreads,grpc,grpc-direct,dubbo (the default, with rpc-vthreads on Java 21+; also rpc-tls,rpc-tls-openssl,rpc-metrics,rpc-traced)] [--phases=latency,throughput-small,...] [--out=DIR] [--jfr] "
                        + "[--jvm-flags=\"...\"] | jmh [JMH options]");
                System.exit(2);
            }
        }
        List<Phase> phases = switch (plan) {
            case "full" -> Plan.full();
            case "quick" -> Plan.quick();
            case "smoke" -> Plan.smoke();
            default -> throw new IllegalArgumentException("--plan must be full, quick or smoke, not " + plan);
        };
        if (onlyPhases != null) {
            List<String> wanted = onlyPhases;
            List<String> known = phases.stream().map(Phase::name).toList();
            if (!known.containsAll(wanted)) {
                throw new IllegalArgumentException("--phases must name phases of the " + plan + " plan: " + known);
            }
            phases = phases.stream().filter(phase -> wanted.contains(phase.name())).toList();
        }
        boolean smoke = plan.equals("smoke");
        Layout layout = Layout.detect();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss"));
        Path resultsDir = out != null ? out : layout.resultsRoot().resolve(stamp);
        HarnessOptions options = new HarnessOptions(contenders, plan, phases, layout.lib(), layout.self(), resultsDir,
                layout.workDir(stamp),
                jvmFlags != null ? jvmFlags : smoke ? HarnessOptions.SMOKE_JVM_FLAGS : HarnessOptions.DEFAULT_JVM_FLAGS,
                smoke, jfr);
        BenchmarkReport report = new BenchmarkReport(options);
        report.begin();
        Harness harness = new Harness(options);
        List<ContenderRun> runs = harness.run();
        Path written = report.write(runs, harness.rawLines());
        System.out.println("Report: " + written.toAbsolutePath());
        // a skipped contender did not fail, and calls refused in the blocking-service phases are a measurement
        boolean failed = runs.stream().anyMatch(run -> run.failure() != null || run.totalErrors() > 0);
        System.exit(failed ? 1 : 0);
    }

    private static int jmh(String[] args) throws Exception {
        Layout layout = Layout.detect();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, layout.self().toString(),
                        layout.lib().resolve("harness") + File.separator + "*",
                        layout.lib().resolve("rpc") + File.separator + "*"),
                "org.openjdk.jmh.Main"));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
