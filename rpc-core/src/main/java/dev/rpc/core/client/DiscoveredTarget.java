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
 * a {@link LoadBalancer}. The providers' peers are looked up once per change of the view, not per call.
 */
final class DiscoveredTarget implements CallTarget {

    private final String service;

    private final ProviderView view;

    private final LoadBalancer balancer;

    private final Function<ServiceInstance, Peer> peers;

    private volatile Snapshot snapshot = new Snapshot(List.of(), new IdentityHashMap<>());

    DiscoveredTarget(String service, ProviderView view, LoadBalancer balancer, Function<ServiceInstance, Peer> peers) {
        this.service = service;
        this.view = view;
        this.balancer = balancer;
        this.peers = peers;
    }

    @Override
    public Peer select(Set<Peer> tried) {
        Snapshot current = current();
        if (current.instances.isEmpty()) {
            return null;
        }
        List<ServiceInstance> candidates = current.instances;
        if (!tried.isEmpty()) {
            candidates = new ArrayList<>(candidates.size());
            for (ServiceInstance instance : current.instances) {
                if (!tried.contains(current.peers.get(instance))) {
                    candidates.add(instance);
                }
            }
            if (candidates.isEmpty()) {
                return null;
            }
        }
        ServiceInstance chosen = balancer.choose(candidates, instance -> current.peers.get(instance).inFlight());
        return current.peers.get(chosen);
    }

    private Snapshot current() {
        List<ServiceInstance> instances = view.providers();
        Snapshot current = snapshot;
        if (current.instances != instances) {
            Map<ServiceInstance, Peer> byInstance = new IdentityHashMap<>();
            for (ServiceInstance instance : instances) {
                byInstance.put(instance, peers.apply(instance));
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

    private record Snapshot(List<ServiceInstance> instances, Map<ServiceInstance, Peer> peers) {
    }
}
