package dev.rpc.spring.boot.client;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.serialization.UnsupportedTypeException;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.autoconfigure.RpcProperties;
import dev.rpc.spring.boot.diagnostics.InvalidMethodKeyException;
import dev.rpc.spring.boot.diagnostics.MissingServiceAddressException;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import dev.rpc.spring.boot.ssl.RpcTlsSettings;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Creates the client proxies of references, once per interface and service key, all on the one
 * {@link RpcClient} bean, so that proxies of the same address share one connection.
 *
 * <p>Timeouts, most specific first: {@code rpc.client.services.<key>.methods.<method>.timeout}, then
 * {@code rpc.client.services.<key>.timeout}, then {@code rpc.client.timeout}. A method key is a method name
 * (every overload) or a full signature, compared without whitespace; a key that names no method of the
 * interface fails with an {@link InvalidMethodKeyException}. Proxies implement Spring's
 * {@link AopInfrastructureBean}, so no auto-proxy post-processor (such as {@code @EnableAsync}'s) wraps them.
 * Thread-safe.
 */
public class RpcReferenceFactory {

    /** A service key the binder keeps without brackets. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final ObjectProvider<RpcClient> client;

    private final RpcProperties.Client properties;

    private final ServiceAddressResolver addressResolver;

    private final RpcTlsSettings tls;

    private final List<RpcReferenceCustomizer> customizers;

    private final Map<Key, Object> proxies = new ConcurrentHashMap<>();

    private final Map<Key, Reference> references = new ConcurrentHashMap<>();

    /**
     * Creates the factory.
     * @param client the client, obtained on first use
     * @param properties the {@code rpc.client} settings
     * @param addressResolver finds each service's server
     */
    public RpcReferenceFactory(ObjectProvider<RpcClient> client, RpcProperties.Client properties,
            ServiceAddressResolver addressResolver) {
        this(client, properties, addressResolver, new RpcTlsSettings(() -> null), List.of());
    }

    /**
     * Creates the factory.
     * @param client the client, obtained on first use
     * @param properties the {@code rpc.client} settings
     * @param addressResolver finds each service's server
     * @param tls turns each service's {@code ssl} settings into its TLS settings
     * @param customizers applied in order to each reference's options, after the properties
     */
    public RpcReferenceFactory(ObjectProvider<RpcClient> client, RpcProperties.Client properties,
            ServiceAddressResolver addressResolver, RpcTlsSettings tls, List<RpcReferenceCustomizer> customizers) {
        this.client = client;
        this.properties = properties;
        this.addressResolver = addressResolver;
        this.tls = tls;
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Returns the proxy of a service interface, creating it on first request.
     * @param serviceInterface the interface
     * @param serviceKey the key under {@code rpc.client.services}; empty or {@code null} for the interface's simple name
     * @param injectionPoint where the proxy goes, for error messages
     * @throws MissingServiceAddressException if no address is known for the service
     * @throws RpcInterfaceException if the interface cannot be called remotely
     * @throws InvalidMethodKeyException if a key under {@code rpc.client.services.<key>.methods} names no method
     *         of the interface, or two keys name the same method
     */
    public <T> T getProxy(Class<T> serviceInterface, String serviceKey, String injectionPoint) {
        String key = ServiceSettings.keyOf(serviceKey, serviceInterface);
        return serviceInterface.cast(this.proxies.computeIfAbsent(new Key(serviceInterface, key),
                k -> createProxy(serviceInterface, key, injectionPoint)));
    }

    private Object createProxy(Class<?> serviceInterface, String key, String injectionPoint) {
        if (!serviceInterface.isInterface()) {
            throw new IllegalStateException(injectionPoint + " has the type " + serviceInterface.getName()
                    + ", which is not an interface; reference the service interface that client and server share");
        }
        String configuredKey = ServiceSettings.configuredKey(this.properties.getServices(), key);
        RpcProperties.Service settings = (configuredKey != null) ? this.properties.getServices().get(configuredKey)
                : null;
        ServiceDescriptor descriptor;
        try {
            descriptor = ServiceDescriptor.of(serviceInterface);
        }
        catch (IllegalArgumentException ex) {
            throw new RpcInterfaceException(serviceInterface, injectionPoint, ex);
        }
        InetSocketAddress address = this.addressResolver.resolve(key, serviceInterface);
        ReferenceOptions.Builder reference;
        if (address != null) {
            reference = ReferenceOptions.to(address);
        }
        else if (this.client.getObject().options().discovery() != null) {
            reference = ReferenceOptions.discovered();
        }
        else {
            throw new MissingServiceAddressException(serviceInterface, key, injectionPoint);
        }
        if (settings != null) {
            reference.timeout(settings.getTimeout());
            reference.inheritDeadline(settings.isInheritDeadline());
            if (settings.getServiceName() != null && !settings.getServiceName().isBlank()) {
                reference.serviceName(settings.getServiceName());
            }
            String serviceProperty = "rpc.client.services" + (PLAIN_KEY.matcher(configuredKey).matches()
                    ? "." + configuredKey : "[" + configuredKey + "]");
            reference.tls(this.tls.service(serviceProperty + ".ssl", settings.getSsl(),
                    this.client.getObject().options().tls()));
            String methodsProperty = serviceProperty + ".methods";
            applyMethodSettings(reference, settings.getMethods(), serviceInterface, descriptor, methodsProperty,
                    injectionPoint);
        }
        if (!this.customizers.isEmpty()) {
            String serviceName = (settings != null && settings.getServiceName() != null
                    && !settings.getServiceName().isBlank()) ? settings.getServiceName() : descriptor.name();
            ServiceDescriptor called = serviceName.equals(descriptor.name()) ? descriptor
                    : ServiceDescriptor.of(serviceInterface, serviceName);
            this.customizers.forEach(customizer -> customizer.customize(key, called, reference));
        }
        // outside the try: a client that cannot be created (an unsafe serialization) is no fault of this interface
        RpcClient client = this.client.getObject();
        try {
            ReferenceOptions options = reference.build();
            Object proxy = client.proxy(serviceInterface, options, AopInfrastructureBean.class);
            this.references.put(new Key(serviceInterface, key), new Reference(serviceInterface, key, options));
            return proxy;
        }
        catch (UnsupportedTypeException ex) {
            throw new RpcInterfaceException(serviceInterface, injectionPoint, ex);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Cannot create the client proxy of " + serviceInterface.getName() + " for "
                    + injectionPoint + " (settings 'rpc.client.services." + key + "'): " + ex.getMessage(), ex);
        }
    }

    /**
     * Applies the settings of each method key, without whitespace, after checking that it names a method of
     * the interface, and only one key names it.
     */
    private static void applyMethodSettings(ReferenceOptions.Builder reference, Map<String, RpcProperties.Method> methods,
            Class<?> serviceInterface, ServiceDescriptor descriptor, String methodsProperty, String injectionPoint) {
        Set<String> known = new HashSet<>();
        for (MethodDescriptor method : descriptor.methods()) {
            known.add(method.name());
            known.add(method.signature());
        }
        Map<String, String> writtenAs = new HashMap<>();
        methods.forEach((written, methodSettings) -> {
            String method = MethodKeys.normalize(written);
            if (!known.contains(method)) {
                throw unknownMethod(written, serviceInterface, descriptor, methodsProperty, injectionPoint);
            }
            String other = writtenAs.putIfAbsent(method, written);
            if (other != null) {
                throw new InvalidMethodKeyException(methodsProperty + "[" + written + "]", written,
                        String.format("The method keys '%s' and '%s' under '%s' name the same method, %s: whitespace "
                                + "in a signature is ignored.", other, written, methodsProperty, method),
                        "Keep one of the two entries.");
            }
            if (methodSettings.getTimeout() != null) {
                reference.methodTimeout(method, methodSettings.getTimeout());
            }
            if (methodSettings.isIdempotent()) {
                reference.idempotent(method);
            }
        });
    }

    private static InvalidMethodKeyException unknownMethod(String written, Class<?> serviceInterface,
            ServiceDescriptor descriptor, String methodsProperty, String injectionPoint) {
        String problem = String.format("The method key '%s' under '%s' names no method of %s, referenced by %s. "
                + "Its methods are: %s.", written, methodsProperty, serviceInterface.getName(), injectionPoint,
                descriptor.describeMethods());
        MethodDescriptor example = descriptor.methods().stream()
                .filter(method -> method.parameterCount() > 0)
                .findFirst()
                .orElse(descriptor.methods().isEmpty() ? null : descriptor.methods().get(0));
        String correction = (example == null) ? "Remove the entry: the interface has no remote methods."
                : String.format("Write a method name, such as %s, for all its overloads, or a full signature, with "
                        + "parameter types as Class.getTypeName() writes them (java.lang.String, int[], "
                        + "com.example.Outer$Inner), in brackets. %s", example.name(),
                        MethodKeys.inBrackets(methodsProperty, example.signature(), null, null));
        return new InvalidMethodKeyException(methodsProperty + "[" + written + "]", written, problem, correction);
    }

    /** Returns the references whose proxies were created so far, for monitoring; a snapshot. */
    public List<Reference> references() {
        return List.copyOf(this.references.values());
    }

    private record Key(Class<?> serviceInterface, String serviceKey) {
    }

    /**
     * A reference whose proxy was created.
     * @param serviceInterface the interface called
     * @param serviceKey its key under {@code rpc.client.services}
     * @param options what the proxy was created with: address (or discovery), timeouts, service name
     */
    public record Reference(Class<?> serviceInterface, String serviceKey, ReferenceOptions options) {
    }
}
