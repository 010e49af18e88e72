package dev.rpc.core.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A discovery that lives in the test's memory: stands in for a coordination engine in rpc-core's own tests
 * (the ZooKeeper implementation is tested against a real ZooKeeper in its module).
 */
public final class InMemoryDiscovery implements ServiceDiscovery {

    private final Map<String, View> views = new ConcurrentHashMap<>();

    @Override
    public ProviderView watch(String service) {
        return views.computeIfAbsent(service, View::new);
    }

    @Override
    public Registration register(ServiceInstance instance) {
        View view = (View) watch(instance.service());
        view.add(instance);
        return () -> view.remove(instance);
    }

    /** Adds a provider directly, as if a process had registered and then died without deregistering. */
    public void add(ServiceInstance instance) {
        ((View) watch(instance.service())).add(instance);
    }

    @Override
    public void close() {
        views.clear();
    }

    private static final class View implements ProviderView {

        private final String service;

        private volatile List<ServiceInstance> providers = List.of();

        View(String service) {
            this.service = service;
        }

        synchronized void add(ServiceInstance instance) {
            List<ServiceInstance> next = new ArrayList<>(providers);
            next.add(instance);
            providers = List.copyOf(next);
        }

        synchronized void remove(ServiceInstance instance) {
            List<ServiceInstance> next = new ArrayList<>(providers);
            next.remove(instance);
            providers = List.copyOf(next);
        }

        @Override
        public List<ServiceInstance> providers() {
            return providers;
        }

        @Override
        public String location() {
            return "memory:/" + service;
        }
    }
}
