package dev.rpc.benchmark.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
    void aPhaseWithoutConnectionsIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Phase.throughput("tp", "small", 0, 64, 0, 1000))
                .withMessageContaining("bad phase tp: connections 0");
    }
}
