package dev.rpc.spring.boot.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.rpc.core.serialization.MapperCustomizer;
import dev.rpc.core.serialization.SerializationFormat;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.CborMapperBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * Spring Boot's own Jackson customizers, as rpc-core mapper customizers: each {@link JsonMapperBuilderCustomizer}
 * bean for the JSON mapper, each {@link CborMapperBuilderCustomizer} bean for the CBOR mapper, in their order.
 * Boot's are the ones that apply {@code spring.jackson.*} and register the {@code JacksonModule} beans. The Smile
 * mapper gets none of them: Spring Boot 4.0 has no customizer type for Smile (4.1's are not applied yet).
 *
 * <p>Only loaded when Spring Boot's Jackson module is on the classpath.
 */
public final class ApplicationJacksonCustomizers {

    private ApplicationJacksonCustomizers() {
    }

    /** Returns one mapper customizer per Boot customizer bean, JSON ones first, each named after its class. */
    public static List<MapperCustomizer> from(ListableBeanFactory beans) {
        List<MapperCustomizer> customizers = new ArrayList<>();
        beans.getBeanProvider(JsonMapperBuilderCustomizer.class).orderedStream()
                .forEach(customizer -> customizers.add(new ForFormat(SerializationFormat.JSON, customizer,
                        builder -> customizer.customize((JsonMapper.Builder) builder))));
        beans.getBeanProvider(CborMapperBuilderCustomizer.class).orderedStream()
                .forEach(customizer -> customizers.add(new ForFormat(SerializationFormat.CBOR, customizer,
                        builder -> customizer.customize((CBORMapper.Builder) builder))));
        return customizers;
    }

    /** Applies one Boot customizer to the mapper of its format only. */
    private record ForFormat(SerializationFormat format, Object bean, Consumer<MapperBuilder<?, ?>> apply)
            implements MapperCustomizer {

        @Override
        public void customize(SerializationFormat format, MapperBuilder<?, ?> builder) {
            if (format == this.format) {
                apply.accept(builder);
            }
        }

        @Override
        public String toString() {
            return bean.getClass().getName() + " (Spring Boot's Jackson configuration, rpc.serialization.use-application-jackson)";
        }
    }
}
