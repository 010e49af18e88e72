package dev.rpc.benchmark.spi;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every contender, by name, with the folder under {@code lib/} that holds its classpath, and its {@link Trait traits}:
 * whether a run without {@code --contenders} includes it, whether its service runs on the event loop, which Java it
 * needs.
 */
public enum Contenders {

    FLOOR("floor", "floor", "dev.rpc.benchmark.floor.FloorContender", "plain Netty: length + request id + JSON, echoed untouched on the event loop", Trait.SERVES_ON_EVENT_LOOP),
    RPC("rpc", "rpc", "dev.rpc.benchmark.rpc.RpcContender", "this framework, default settings (service on the bounded worker pool)"),
    RPC_DIRECT("rpc-direct", "rpc", "dev.rpc.benchmark.rpc.RpcContender", "this framework, ServerExecutor.direct()", Trait.SERVES_ON_EVENT_LOOP),
    RPC_VTHREADS("rpc-vthreads", "rpc", "dev.rpc.benchmark.rpc.RpcContender", "this framework, ServerExecutor.virtualThreads(1040): a virtual thread per call, at most 1040 at once (Java 21+)", Trait.NEEDS_JAVA_21),
    RPC_TLS("rpc-tls", "rpc-tls", "dev.rpc.benchmark.rpc.RpcContender", "rpc over TLS on the JDK's provider (server certificate EC P-256, provider defaults)", Trait.ONLY_WHEN_NAMED),
    RPC_TLS_OPENSSL("rpc-tls-openssl", "rpc-tls", "dev.rpc.benchmark.rpc.RpcContender", "rpc over TLS on OpenSSL (BoringSSL, netty-tcnative), otherwise as rpc-tls", Trait.ONLY_WHEN_NAMED),
    RPC_METRICS("rpc-metrics", "rpc-observed", "dev.rpc.benchmark.rpc.RpcObservedContender", "this framework, default settings, every call observed on both sides: Micrometer timers (the starter's interceptors)", Trait.ONLY_WHEN_NAMED),
    RPC_TRACED("rpc-traced", "rpc-observed", "dev.rpc.benchmark.rpc.RpcObservedContender", "rpc-metrics plus Micrometer Tracing on OpenTelemetry, every call sampled, W3C traceparent in the metadata, spans dropped by a no-op exporter", Trait.ONLY_WHEN_NAMED),
    GRPC("grpc", "grpc", "dev.rpc.benchmark.grpc.GrpcContender", "grpc-java, netty-shaded, plaintext, default executors, JSON marshaller"),
    GRPC_DIRECT("grpc-direct", "grpc", "dev.rpc.benchmark.grpc.GrpcContender", "grpc-java, directExecutor() on client and server", Trait.SERVES_ON_EVENT_LOOP),
    DUBBO("dubbo", "dubbo", "dev.rpc.benchmark.dubbo.DubboContender", "Apache Dubbo, dubbo protocol, hessian2, direct URL, no registry, defaults");

    /** What sets a contender apart from the plain case (in the default run, any Java, service off the event loop). */
    public enum Trait {
        /** Not in a run without {@code --contenders}. */
        ONLY_WHEN_NAMED,
        /** The service runs on the I/O thread that read the call: the blocking-service phases would stall it. */
        SERVES_ON_EVENT_LOOP,
        /** Virtual threads: skipped, with a note in the report, when the JVMs of the run are older than Java 21. */
        NEEDS_JAVA_21
    }

    private final String id;

    private final String classpath;

    private final String className;

    private final String description;

    private final Set<Trait> traits;

    Contenders(String id, String classpath, String className, String description, Trait... traits) {
        this.id = id;
        this.classpath = classpath;
        this.className = className;
        this.description = description;
        this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(List.of(traits));
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** The folder under {@code lib/} holding this contender's runtime classpath. */
    public String classpath() {
        return classpath;
    }

    /** What is measured. */
    public String description() {
        return description;
    }

    /** Every contender, in report order. */
    public static List<Contenders> all() {
        return List.of(values());
    }

    /** The contenders of a run without {@code --contenders}, in report order: all but the {@link Trait#ONLY_WHEN_NAMED} ones. */
    public static List<Contenders> defaults() {
        return all().stream().filter(contender -> !contender.traits.contains(Trait.ONLY_WHEN_NAMED)).toList();
    }

    /**
     * Whether the service of this contender runs on the event loop that read the call, where a service that blocks
     * stalls every connection of that loop: such a contender skips the blocking-service phases.
     */
    public boolean servesOnEventLoop() {
        return traits.contains(Trait.SERVES_ON_EVENT_LOOP);
    }

    /**
     * Why this contender cannot run on JVMs of this Java feature release, or empty when it can.
     * @param javaFeature the feature release of the JVMs of the run, e.g. {@code 17}
     */
    public Optional<String> unavailableOn(int javaFeature) {
        if (traits.contains(Trait.NEEDS_JAVA_21) && javaFeature < 21) {
            return Optional.of("needs Java 21 or later (virtual threads); the JVMs of this run are Java " + javaFeature);
        }
        return Optional.empty();
    }

    /**
     * Returns the contender with this name.
     * @throws IllegalArgumentException naming the known contenders
     */
    public static Contenders byId(String id) {
        for (Contenders contender : values()) {
            if (contender.id.equals(id)) {
                return contender;
            }
        }
        throw new IllegalArgumentException("unknown contender '" + id + "'; known: "
                + all().stream().map(Contenders::id).toList());
    }

    /** Loads the implementation; call only in a JVM that has this contender's classpath. */
    public Contender load() throws ReflectiveOperationException {
        return (Contender) Class.forName(className).getConstructor(String.class).newInstance(id);
    }
}
