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
 */
final class DiscoveredTarget implements CallTarget {

    private final String service;

    private final ProviderView view;

    private final LoadBalancer balancer;

    private final Function<ServiceInstance, Endpoint> endpoints;

    private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>());

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
        if (current.instances.isEmpty()) {
            return null;
        }
        List<ServiceInstance> candidates = current.instances;
        if (!tried.isEmpty()) {
            candidates = new ArrayList<>(candidates.size());
            for (ServiceInstance instance : current.instances) {
                if (!tried.contains(current.endpoints.get(instance))) {
                    candidates.add(instance);
                }
            }
            if (candidates.isEmpty()) {
                return null;
            }
        }
        ServiceInstance chosen = balancer.choose(candidates, instance -> current.endpoints.get(instance).inFlight());
        return current.endpoints.get(chosen);
    }

    private Snapshot current() {
        List<ServiceInstance> instances = view.providers();
        Snapshot current = snapshot;
        if (current.instances != instances) {
            Map<ServiceInstance, Endpoint> byInstance = new IdentityHashMap<>();
            for (ServiceInstance instance : instances) {
                byInstance.put(instance, endpoints.apply(instance));
            }
            current = new Snapshot(instances, byInstance);
            snapshot = current;
        }
        return current;
    }

    @Override
    public boolean canFailOver() {
        return true;
    }

    @Override
    public String noProviderMessage() {
        return "no provider of " + service + " is available (looked up at " + view.location() + ")";
    }

    @Override
    public String describe() {
        return "providers of " + service + " at " + view.location();
    }

    private record Snapshot(List<ServiceInstance> instances, Map<ServiceInstance, Endpoint> endpoints) {
    }
}
