package dev.rpc.core.discovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the provider of one call. Called on the calling thread for every call: implementations must be
 * fast and thread-safe, and must not block.
 *
 * <p>The client filters the providers before it asks, so that every balancer, a user's own included, is
 * offered only providers worth trying:
 * <ul>
 * <li>a provider the call already failed on is left out of the call's next attempt;</li>
 * <li>a provider whose connection is failing (its last connection attempt was refused or timed out, and
 * none has succeeded since) is left out while another can be offered. Whenever the client skips it after its
 * reconnect back-off has passed, it starts the next connection attempt in the background, so the provider
 * comes back once it answers, without a call being risked on it. A provider never connected to counts as
 * healthy: its first attempt is how the client learns. When every provider is failing, the balancer is
 * offered those whose next attempt is starting now, and the call waits for that attempt; if none is due,
 * the call fails at once with {@code UNAVAILABLE}, not sent.</li>
 * </ul>
 * A failing provider's calls would fail at once; left in, it would look idle to {@link #leastInFlight()} and
 * attract calls, and take its turns in {@link #roundRobin()}.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Picks one of the candidates.
     * @param candidates the providers to choose from, never empty: the listed providers, less those this call
     *        tried and those whose connection is failing (see above)
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
