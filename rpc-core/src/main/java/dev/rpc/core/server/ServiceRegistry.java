package dev.rpc.core.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.Serialization;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services a server exports, looked up per call by their numeric wire ids. Filled before the server
 * starts, then only read, so lookups need no locking.
 */
final class ServiceRegistry {

    private static final Logger logger = LoggerFactory.getLogger(ServiceRegistry.class);

    private final List<Serialization> serializations;

    private final boolean revealServicesOnNotFound;

    private final IntObjectHashMap<ServiceDescriptor> services = new IntObjectHashMap<>();

    private final LongObjectHashMap<ServerMethod> methods = new LongObjectHashMap<>();

    /**
     * Creates an empty registry.
     * @param revealServicesOnNotFound whether NOT_FOUND messages list what is exported, see {@link #describeMissing}
     */
    ServiceRegistry(List<Serialization> serializations, boolean revealServicesOnNotFound) {
        this.serializations = List.copyOf(serializations);
        this.revealServicesOnNotFound = revealServicesOnNotFound;
    }

    /**
     * Exports an implementation under a service descriptor.
     * @throws IllegalArgumentException if the service is exported already, or its id clashes with another's
     */
    void export(ServiceDescriptor service, Object implementation) {
        Objects.requireNonNull(implementation, "implementation");
        if (!service.type().isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass().getName() + " does not implement " + service.type().getName());
        }
        ServiceDescriptor existing = services.get(service.id());
        if (existing != null) {
            throw new IllegalArgumentException(existing.name().equals(service.name())
                    ? "Service " + service.name() + " is exported twice; export each interface from one implementation only"
                    : "Services " + existing.name() + " and " + service.name() + " have the same wire id; rename one");
        }
        List<ServerMethod> resolved = new ArrayList<>();
        for (MethodDescriptor method : service.methods()) {
            MethodSerializer[] byFormat = new MethodSerializer[ServerMethod.formatSlots()];
            for (Serialization serialization : serializations) {
                byFormat[serialization.format().id()] = serialization.forMethod(method);
            }
            resolved.add(new ServerMethod(method, implementation, byFormat));
        }
        services.put(service.id(), service);
        for (ServerMethod method : resolved) {
            methods.put(key(service.id(), method.descriptor().id()), method);
        }
    }

    /** Returns the method for a pair of wire ids, or {@code null}. */
    ServerMethod find(int serviceId, int methodId) {
        return methods.get(key(serviceId, methodId));
    }

    Collection<ServiceDescriptor> services() {
        return List.copyOf(services.values());
    }

    /**
     * Returns the message of a NOT_FOUND answer. With {@code revealServicesOnNotFound}, it says what this server
     * does export: the services, or the methods of the service asked for. Otherwise it repeats only the ids the
     * caller sent, without even telling whether the service exists, and the listing goes to the log at DEBUG.
     */
    String describeMissing(int serviceId, int methodId) {
        if (revealServicesOnNotFound) {
            return listing(serviceId, methodId);
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Answering NOT_FOUND: {}", listing(serviceId, methodId));
        }
        return String.format("no method with id 0x%08x of a service with id 0x%08x is exported here; check that the "
                + "service name and the interface version match the server's", methodId, serviceId);
    }

    private String listing(int serviceId, int methodId) {
        ServiceDescriptor service = services.get(serviceId);
        if (service == null) {
            return String.format("no service with id 0x%08x is exported here; exported services: [%s]", serviceId,
                    services.values().stream().map(ServiceDescriptor::name).sorted().collect(Collectors.joining(", ")));
        }
        return String.format("service %s has no method with id 0x%08x (the interface versions may differ); its methods: [%s]",
                service.name(), methodId, service.describeMethods());
    }

    private static long key(int serviceId, int methodId) {
        return ((long) serviceId << 32) | (methodId & 0xFFFFFFFFL);
    }
}
