package dev.rpc.spring.boot.observation;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Beans a test application imports to keep the spans it ends in memory, exported as each ends (not in batches).
 * Not a {@code @Configuration}, so that no component scan picks it up.
 */
class InMemorySpans {

    @Bean
    Spans spans() {
        return new Spans();
    }

    @Bean
    SpanProcessor exportAtOnce(Spans spans) {
        return SimpleSpanProcessor.create(spans.exporter);
    }

    /** The spans one application ended: not an exporter bean of its own, or Boot would batch it too. */
    static class Spans {

        final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    }
}
