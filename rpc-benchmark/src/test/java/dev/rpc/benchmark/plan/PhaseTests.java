package dev.rpc.benchmark.plan;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class PhaseTests {

    @Test
    void everyPhaseOfEveryPlanSurvivesTheCommandLine() {
        for (var plan : java.util.List.of(Plan.full(), Plan.quick(), Plan.smoke())) {
            for (Phase phase : plan) {
                assertThat(Phase.decode(phase.encode())).isEqualTo(phase);
            }
        }
    }

    @Test
    void theFullAndQuickPlansEndWithTheBlockingServiceAt64And512InFlight() {
        for (List<Phase> plan : List.of(Plan.full(), Plan.quick())) {
            assertThat(plan.subList(plan.size() - 2, plan.size()))
                    .extracting(Phase::name, Phase::kind, Phase::inFlight, Phase::connections)
                    .containsExactly(
                            tuple("blocking-64", Phase.Kind.BLOCKING_SERVICE, 64, 8),
                            tuple("blocking-512", Phase.Kind.BLOCKING_SERVICE, 512, 8));
        }
    }

    @Test
    void aPhaseWithoutConnectionsIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Phase.throughput("tp", "small", 0, 64, 0, 1000))
                .withMessageContaining("bad phase tp: connections 0");
    }
}
