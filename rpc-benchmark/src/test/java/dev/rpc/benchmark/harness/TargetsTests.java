package dev.rpc.benchmark.harness;

import java.util.List;
import java.util.Map;

import dev.rpc.benchmark.plan.Plan;
import dev.rpc.benchmark.spi.Contenders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTests {

    @Test
    void aTargetWhoseContendersDidNotRunIsNotMeasured() {
        ContenderRun rpc = run(Contenders.RPC, Map.of(Plan.CONNECTIONS + 1, Map.of("rate", "100000")));
        ContenderRun skipped = run(Contenders.RPC_DIRECT, Map.of());
        skipped.skipped = "not on this machine";

        List<Targets.Row> rows = new Targets(List.of(rpc, skipped), 2).performance();

        assertThat(row(rows, "`rpc` throughput ≥ 0.8× `rpc-direct`, 1 connection"))
                .isEqualTo(new Targets.Row("`rpc` throughput ≥ 0.8× `rpc-direct`, 1 connection", "n/a", "not measured"));
        assertThat(row(rows, "`rpc` latency p50 ≤ 1.25× floor").verdict()).isEqualTo("not measured");
    }

    @Test
    void rpcAgainstRpcDirectIsMetFromEightTenthsAndMissedBelow() {
        ContenderRun rpc = run(Contenders.RPC, Map.of(Plan.CONNECTIONS + 1, Map.of("rate", "80000"),
                Plan.CONNECTIONS + 16, Map.of("rate", "79000")));
        ContenderRun direct = run(Contenders.RPC_DIRECT, Map.of(Plan.CONNECTIONS + 1, Map.of("rate", "100000"),
                Plan.CONNECTIONS + 16, Map.of("rate", "100000")));

        List<Targets.Row> rows = new Targets(List.of(rpc, direct), 2).performance();

        assertThat(row(rows, "`rpc` throughput ≥ 0.8× `rpc-direct`, 1 connection"))
                .extracting(Targets.Row::measured, Targets.Row::verdict)
                .containsExactly("0.80× (80 000 vs 100 000 calls/s)", "met");
        assertThat(row(rows, "`rpc` throughput ≥ 0.8× `rpc-direct`, 16 connections").verdict()).isEqualTo("**missed**");
    }

    @Test
    void theThreadLimitIsTwiceTheCoresPlusEight() {
        ContenderRun rpc = run(Contenders.RPC, Map.of());
        rpc.serverStats = Map.of("peakThreads", "41", "heapAfterGcKiB", "8192");

        List<Targets.Row> onSixteen = new Targets(List.of(rpc), 16).performance();
        List<Targets.Row> onTwo = new Targets(List.of(rpc), 2).performance();

        assertThat(row(onSixteen, "`rpc` server threads ≤ 2 × cores + 8 = 40").verdict()).isEqualTo("**missed**");
        assertThat(row(onTwo, "`rpc` server threads ≤ 2 × cores + 8 = 12").measured()).isEqualTo("41");
        assertThat(row(onTwo, "`rpc` server heap after a full GC < 16 MiB"))
                .extracting(Targets.Row::measured, Targets.Row::verdict).containsExactly("8.0 MiB", "met");
    }

    @Test
    void clientCpuPerCallIsTheClientsCpuOverTheMeasuredCalls() {
        ContenderRun rpc = run(Contenders.RPC, Map.of(Plan.THROUGHPUT_SMALL, Map.of("clientCpuMillis", "3000", "calls", "1000000")));
        ContenderRun floor = run(Contenders.FLOOR, Map.of(Plan.THROUGHPUT_SMALL, Map.of("clientCpuMillis", "2000", "calls", "1000000")));

        List<Targets.Row> rows = new Targets(List.of(floor, rpc), 2).performance();

        assertThat(row(rows, "`rpc` client CPU per call ≤ 1.5× floor"))
                .extracting(Targets.Row::measured, Targets.Row::verdict).containsExactly("1.50× (3.0 vs 2.0 µs)", "met");
    }

    private static ContenderRun run(Contenders contender, Map<String, Map<String, String>> phases) {
        ContenderRun run = new ContenderRun(contender);
        run.phases.putAll(phases);
        return run;
    }

    private static Targets.Row row(List<Targets.Row> rows, String startOfName) {
        return rows.stream().filter(row -> row.target().startsWith(startOfName)).findFirst().orElseThrow();
    }
}
