package dev.rpc.benchmark.rpc;

import java.util.Collection;

import dev.rpc.benchmark.spi.Contender;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.spring.boot.observation.ObservationClientInterceptor;
import dev.rpc.spring.boot.observation.ObservationServerInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * {@link RpcContender} with every call observed on both sides by the starter's observation interceptors, as a Spring
 * Boot application with the actuator gets them: {@code rpc-metrics} records Micrometer timers (a
 * {@link SimpleMeterRegistry}, what Boot creates without an export registry); {@code rpc-traced} adds Micrometer
 * Tracing on OpenTelemetry, every call sampled, the W3C {@code traceparent} written into each call's metadata and read
 * by the server, and the spans handed to a batch processor whose exporter drops them (the cost of recording a span,
 * not of sending it). Same settings as {@code rpc} otherwise, so that the ratio of the two is the cost of observing.
 */
public final class RpcObservedContender implements Contender {

    private final boolean traced;

    /** Called reflectively with the contender's name, {@code rpc-metrics} or {@code rpc-traced}. */
    public RpcObservedContender(String name) {
        this.traced = name.equals("rpc-traced");
    }

    @Override
    public Server startServer() {
        Observability observability = new Observability(traced);
        return RpcContender.startEchoServer(RpcServerOptions.builder()
                .interceptors(new ObservationServerInterceptor(observability.registry, null)), observability::close);
    }

    @Override
    public Clients connect(String host, int port, int count) {
        Observability observability = new Observability(traced);
        return RpcContender.connectEcho(RpcClientOptions.builder()
                .interceptors(new ObservationClientInterceptor(observability.registry, null)), host, port, count,
                observability::close);
    }

    /** One JVM's registry and handlers, as Boot's auto-configuration would set them up. */
    private static final class Observability implements AutoCloseable {

        final ObservationRegistry registry = ObservationRegistry.create();

        private final SdkTracerProvider tracerProvider;

        Observability(boolean traced) {
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
            if (!traced) {
                tracerProvider = null;
                return;
            }
            tracerProvider = SdkTracerProvider.builder()
                    .setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build())
                    .build();
            io.opentelemetry.api.trace.Tracer otel = tracerProvider.get("rpc-benchmark");
            OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
            OtelPropagator propagator = new OtelPropagator(
                    ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
            registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                    new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                    new DefaultTracingObservationHandler(tracer)));
        }

        @Override
        public void close() {
            if (tracerProvider != null) {
                tracerProvider.close();
            }
        }
    }

    /** Takes the spans and drops them. */
    private static final class DroppingExporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
