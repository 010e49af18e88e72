package dev.rpc.core.discovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the provider of one call. Called on the calling thread for every call: implementations must be
 * fast and thread-safe, and must not block.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Picks one of the candidates.
     * @param candidates the providers to choose from, never empty
     * @param load the calls each provider has outstanding from this client
     * @return one element of {@code candidates}
     */
    ServiceInstance choose(List<ServiceInstance> candidates, Load load);

    /** Outstanding calls from this client, per provider. */
    @FunctionalInterface
    interface Load {

        /** Returns the number of calls sent to the instance and not yet answered. */
        int inFlight(ServiceInstance instance);
    }

    /** Returns a balancer that takes the candidates in turn. The default. */
    static LoadBalancer roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return (candidates, load) -> candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }

    /**
     * Returns a balancer that picks the candidate with the fewest calls in flight, divided by its weight;
     * ties are broken at random, so that idle providers share the load.
     */
    static LoadBalancer leastInFlight() {
        return (candidates, load) -> {
            ServiceInstance best = null;
            double bestScore = Double.MAX_VALUE;
            int ties = 0;
            for (ServiceInstance candidate : candidates) {
                double score = (double) load.inFlight(candidate) / candidate.weight();
                if (score < bestScore) {
                    best = candidate;
                    bestScore = score;
                    ties = 1;
                }
                else if (score == bestScore && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                    best = candidate;
                }
            }
            return best;
        };
    }
}
