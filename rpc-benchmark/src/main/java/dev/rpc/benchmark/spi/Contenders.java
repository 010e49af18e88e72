package dev.rpc.benchmark.spi;

import java.util.List;

/**
 * Every contender, by name, with the folder under {@code lib/} that holds its classpath, and whether a run without
 * {@code --contenders} includes it.
 */
public enum Contenders {

    FLOOR("floor", "floor", "dev.rpc.benchmark.floor.FloorContender", true, "plain Netty: length + request id + JSON, echoed untouched on the event loop"),
    RPC("rpc", "rpc", "dev.rpc.benchmark.rpc.RpcContender", true, "this framework, default settings (service on the bounded worker pool)"),
    RPC_DIRECT("rpc-direct", "rpc", "dev.rpc.benchmark.rpc.RpcContender", true, "this framework, ServerExecutor.direct()"),
    RPC_TLS("rpc-tls", "rpc-tls", "dev.rpc.benchmark.rpc.RpcContender", false, "rpc over TLS on the JDK's provider (server certificate EC P-256, provider defaults)"),
    RPC_TLS_OPENSSL("rpc-tls-openssl", "rpc-tls", "dev.rpc.benchmark.rpc.RpcContender", false, "rpc over TLS on OpenSSL (BoringSSL, netty-tcnative), otherwise as rpc-tls"),
    RPC_METRICS("rpc-metrics", "rpc-observed", "dev.rpc.benchmark.rpc.RpcObservedContender", false, "this framework, default settings, every call observed on both sides: Micrometer timers (the starter's interceptors)"),
    RPC_TRACED("rpc-traced", "rpc-observed", "dev.rpc.benchmark.rpc.RpcObservedContender", false, "rpc-metrics plus Micrometer Tracing on OpenTelemetry, every call sampled, W3C traceparent in the metadata, spans dropped by a no-op exporter"),
    GRPC("grpc", "grpc", "dev.rpc.benchmark.grpc.GrpcContender", true, "grpc-java, netty-shaded, plaintext, default executors, JSON marshaller"),
    GRPC_DIRECT("grpc-direct", "grpc", "dev.rpc.benchmark.grpc.GrpcContender", true, "grpc-java, directExecutor() on client and server"),
    DUBBO("dubbo", "dubbo", "dev.rpc.benchmark.dubbo.DubboContender", true, "Apache Dubbo, dubbo protocol, hessian2, direct URL, no registry, defaults");

    private final String id;

    private final String classpath;

    private final String className;

    private final boolean byDefault;

    private final String description;

    Contenders(String id, String classpath, String className, boolean byDefault, String description) {
        this.id = id;
        this.classpath = classpath;
        this.className = className;
        this.byDefault = byDefault;
        this.description = description;
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

    /** The contenders of a run without {@code --contenders}, in report order: all but the TLS ones. */
    public static List<Contenders> defaults() {
        return all().stream().filter(contender -> contender.byDefault).toList();
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
