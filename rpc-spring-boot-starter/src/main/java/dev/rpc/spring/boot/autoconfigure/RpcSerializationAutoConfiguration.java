package dev.rpc.spring.boot.autoconfigure;

import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.spring.boot.serialization.ApplicationJacksonCustomizers;
import dev.rpc.spring.boot.serialization.RpcMapperBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The {@link SerializationProvider} of the client and the server: rpc-core's Jackson mappers, customized by the
 * {@link RpcMapperBuilderCustomizer} beans and, with {@code rpc.serialization.use-application-jackson}, first by
 * Spring Boot's own Jackson configuration. Declare a {@code SerializationProvider} bean to replace it, for
 * instance to raise the read constraints with {@link JacksonSerialization.Builder#streamReadConstraints}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        before = { RpcClientAutoConfiguration.class, RpcServerAutoConfiguration.class })
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcSerializationAutoConfiguration {

    private static final String BOOT_JACKSON = "org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer";

    @Bean
    @ConditionalOnMissingBean
    SerializationProvider rpcSerializationProvider(RpcProperties properties, ConfigurableListableBeanFactory beans,
            ObjectProvider<RpcMapperBuilderCustomizer> customizers) {
        JacksonSerialization.Builder serialization = JacksonSerialization.builder();
        if (properties.getSerialization().isUseApplicationJackson()) {
            if (!ClassUtils.isPresent(BOOT_JACKSON, beans.getBeanClassLoader())) {
                throw new IllegalStateException("rpc.serialization.use-application-jackson is true, but Spring Boot's "
                        + "Jackson support is not on the classpath: add spring-boot-starter-jackson (the web starters "
                        + "bring it), or remove the property");
            }
            serialization.customizers(ApplicationJacksonCustomizers.from(beans));
        }
        return serialization.customizers(customizers.orderedStream().toList()).build();
    }
}
