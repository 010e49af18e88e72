package dev.rpc.benchmark.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContendersTests {

    @Test
    void virtualThreadsAreSkippedBeforeJava21WithTheReasonAndRunFrom21() {
        assertThat(Contenders.RPC_VTHREADS.unavailableOn(17))
                .hasValue("needs Java 21 or later (virtual threads); the JVMs of this run are Java 17");
        assertThat(Contenders.RPC_VTHREADS.unavailableOn(21)).isEmpty();
        assertThat(Contenders.RPC.unavailableOn(17)).isEmpty();
    }

    @Test
    void onlyTheContendersServingOnTheEventLoopSkipTheBlockingService() {
        assertThat(Contenders.all()).filteredOn(Contenders::servesOnEventLoop)
                .containsExactly(Contenders.FLOOR, Contenders.RPC_DIRECT, Contenders.GRPC_DIRECT);
    }

    @Test
    void theDefaultRunHasVirtualThreadsButNotTheContendersThatMustBeNamed() {
        assertThat(Contenders.defaults()).containsExactly(Contenders.FLOOR, Contenders.RPC, Contenders.RPC_DIRECT,
                Contenders.RPC_VTHREADS, Contenders.GRPC, Contenders.GRPC_DIRECT, Contenders.DUBBO);
    }
}
