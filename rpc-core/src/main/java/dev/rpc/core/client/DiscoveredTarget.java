package dev.rpc.core.client;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.rpc.core.discovery.LoadBalancer;
import dev.rpc.core.discovery.ProviderView;
import dev.rpc.core.discovery.ServiceInstance;

/**
 * Calls go to one of a service's providers, as a {@link ProviderView} currently knows them, chosen per call by
 * a {@link LoadBalancer}. The providers' endpoints are looked up once per change of the view, not per call.
 *
 * <p>The balancer is offered only providers whose connection is not failing (see {@link Endpoint#isFailing()}):
 * a provider that died without deregistering stays listed until its registration expires, and would otherwise
 * keep taking turns (round robin) or even attract calls (least in flight: its calls fail at once, so it always
 * looks idle). A skipped provider's next connection attempt starts, in the background, whenever it is skipped
 * after its reconnect back-off has passed; once an attempt succeeds it is offered again.
 */
final class DiscoveredTarget implements CallTarget {

    private final String service;

    private final ProviderView view;

    private final LoadBalancer balancer;

    private final Function<ServiceInstance, Endpoint> endpoints;

    private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>(), new Endpoint[0]);

    DiscoveredTarget(String service, ProviderView view, LoadBalancer balancer,
            Function<ServiceInstance, Endpoint> endpoints) {
        this.service = service;
        this.view = view;
        this.balancer = balancer;
        this.endpoints = endpoints;
    }

    @Override
    public Endpoint select(Set<Endpoint> tried) {
        Snapshot current = current();
        List<ServiceInstance> candidates = tried.isEmpty() && !current.anyFailing() ? current.instances
                : candidates(current, tried);
        if (candidates.isEmpty()) {
            return null;
        }
        ServiceInstance chosen = balancer.choose(candidates, instance -> current.endpoints.get(instance).inFlight());
        return current.endpoints.get(chosen);
    }

    /**
     * Returns the providers this call has not tried whose connections are not failing. Failing ones are
     * skipped, and the next connection attempt of each whose back-off has passed starts now, in the
     * background, so that it is used again once it answers. When every provider left is failing, returns
     * those whose attempt this call has just started: the call waits for that attempt rather than fail
     * while none was tried for a whole back-off; if none was due, returns none and the call fails at once.
     */
    private static List<ServiceInstance> candidates(Snapshot current, Set<Endpoint> tried) {
        List<ServiceInstance> healthy = new ArrayList<>(current.instances.size());
        List<ServiceInstance> retrying = new ArrayList<>(0);
        long now = System.nanoTime();
        for (ServiceInstance instance : current.instances) {
            Endpoint endpoint = current.endpoints.get(instance);
            if (tried.contains(endpoint)) {
                continue;
            }
            if (!endpoint.isFailing()) {
                healthy.add(instance);
            }
            else if (endpoint.retryIfDue(now)) {
                retrying.add(instance);
            }
        }
        return healthy.isEmpty() ? retrying : healthy;
    }

    private Snapshot current() {
        List<ServiceInstance> instances = view.providers();
        Snapshot current = snapshot;
        if (current.instances != instances) {
            Map<ServiceInstance, Endpoint> byInstance = new IdentityHashMap<>();
            for (ServiceInstance instance : instances) {
                byInstance.put(instance, endpoints.apply(instance));
            }
            current = new Snapshot(instances, byInstance, byInstance.values().toArray(Endpoint[]::new));
            snapshot = current;
        }
        return current;
    }


    @Override
    public String noProviderMessage() {
        Snapshot current = current();
        String failure = null;
        for (ServiceInstance instance : current.instances) {
            failure = current.endpoints.get(instance).failure();
            if (failure != null) {
                break;
            }
        }
        if (failure == null) {
            return "no provider of " + service + " is available (looked up at " + view.location() + ")";
        }
        return "no provider of " + service + " can be reached: the " + current.instances.size() + " listed at "
                + view.location() + " all failed their last connection attempt (" + failure + ") and are tried again "
                + "after their reconnect back-off";
    }

    @Override
    public String describe() {
        return "providers of " + service + " at " + view.location();
    }

    /** The providers of one version of the view, and their endpoints, also as an array for the per-call check. */
    private record Snapshot(List<ServiceInstance> instances, Map<ServiceInstance, Endpoint> endpoints, Endpoint[] all) {

        boolean anyFailing() {
            for (Endpoint endpoint : all) {
                if (endpoint.isFailing()) {
                    return true;
                }
            }
            return false;
        }
    }
}
