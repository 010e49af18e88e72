package dev.rpc.core.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancerTests {

    private final ServiceInstance a = new ServiceInstance("s", "10.0.0.1", 1000, Map.of());

    private final ServiceInstance b = new ServiceInstance("s", "10.0.0.2", 1000, Map.of());

    private final ServiceInstance heavy = new ServiceInstance("s", "10.0.0.3", 1000, Map.of(ServiceInstance.WEIGHT, "4"));

    @Test
    void roundRobinTakesTheCandidatesInTurn() {
        LoadBalancer balancer = LoadBalancer.roundRobin();
        Map<ServiceInstance, Integer> picks = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            picks.merge(balancer.choose(List.of(a, b), instance -> 0), 1, Integer::sum);
        }
        assertThat(picks).containsEntry(a, 50).containsEntry(b, 50);
    }

    @Test
    void leastInFlightPicksTheLeastLoadedCandidate() {
        LoadBalancer balancer = LoadBalancer.leastInFlight();
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.choose(List.of(a, b), instance -> instance == a ? 5 : 2)).isSameAs(b);
        }
    }

    @Test
    void leastInFlightWeighsTheLoadByTheWeight() {
        LoadBalancer balancer = LoadBalancer.leastInFlight();
        assertThat(balancer.choose(List.of(a, heavy), instance -> instance == a ? 1 : 3)).isSameAs(heavy);
    }

    @Test
    void leastInFlightSpreadsTiesOverAllCandidates() {
        LoadBalancer balancer = LoadBalancer.leastInFlight();
        Map<ServiceInstance, Integer> picks = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            picks.merge(balancer.choose(List.of(a, b), instance -> 0), 1, Integer::sum);
        }
        assertThat(picks.get(a)).isBetween(80, 220);
        assertThat(picks.get(b)).isBetween(80, 220);
    }
}
