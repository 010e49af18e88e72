package dev.rpc.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.serialization.UnsafeSerializationException;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.diagnostics.RpcInterfaceException;
import dev.rpc.spring.boot.server.RpcServerLifecycle;
import dev.rpc.spring.boot.serialization.RpcMapperBuilderCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.cbor.CBORMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RpcSerializationAutoConfigurationTests {

    /** A value type Jackson cannot write or read without the application's module. */
    public static final class Sku {

        private final String code;

        Sku(String code) {
            this.code = code;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sku sku && sku.code.equals(code);
        }

        @Override
        public int hashCode() {
            return code.hashCode();
        }
    }

    public record OrderLine(Sku sku, int quantityOrdered) {
    }

    public interface OrderLines {

        List<OrderLine> confirm(List<OrderLine> lines);
    }

    @RpcService
    static class DoublingOrderLines implements OrderLines {

        @Override
        public List<OrderLine> confirm(List<OrderLine> lines) {
            return lines.stream().map(line -> new OrderLine(line.sku(), line.quantityOrdered() * 2)).toList();
        }
    }

    public record Quantity(String productCode, int quantityOrdered) {
    }

    public interface Quantities {

        void record(Quantity quantity);
    }

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        RpcSerializationAutoConfiguration.class, RpcServerAutoConfiguration.class,
                        RpcClientAutoConfiguration.class))
                .withPropertyValues("rpc.server.port=0", "rpc.server.address=127.0.0.1", "rpc.server.io-threads=1",
                        "rpc.client.io-threads=1", "spring.jackson.property-naming-strategy=SNAKE_CASE");
    }

    static SimpleModule skuModule() {
        return new SimpleModule("sku")
                .addSerializer(Sku.class, new ValueSerializer<Sku>() {
                    @Override
                    public void serialize(Sku value, JsonGenerator generator, SerializationContext context) {
                        generator.writeString(value.code);
                    }
                })
                .addDeserializer(Sku.class, new ValueDeserializer<Sku>() {
                    @Override
                    public Sku deserialize(JsonParser parser, DeserializationContext context) {
                        return new Sku(parser.getString());
                    }
                });
    }

    /** Returns the body a {@code Quantities.record} call has in a format, with the context's serialization. */
    private static byte[] body(SerializationProvider provider, SerializationFormat format) {
        MethodSerializer serializer = provider.get(format)
                .forMethod(ServiceDescriptor.of(Quantities.class).methods().get(0));
        ByteBuf out = Unpooled.buffer();
        try {
            serializer.writeArguments(new Object[] { new Quantity("A-1", 3) }, out);
            return ByteBufUtil.getBytes(out);
        }
        finally {
            out.release();
        }
    }

    private static String json(SerializationProvider provider) {
        return new String(body(provider, SerializationFormat.JSON), StandardCharsets.UTF_8);
    }

    @Test
    void shouldNotApplyTheApplicationsJacksonSettingsByDefault() {
        contextRunner().run(context -> {
            assertThat(context).hasSingleBean(SerializationProvider.class);
            assertThat(json(context.getBean(SerializationProvider.class)))
                    .isEqualTo("[{\"productCode\":\"A-1\",\"quantityOrdered\":3}]");
        });
    }

    @Test
    void shouldApplySpringJacksonPropertiesToJsonAndCborWhenAsked() {
        contextRunner().withPropertyValues("rpc.serialization.use-application-jackson=true").run(context -> {
            SerializationProvider provider = context.getBean(SerializationProvider.class);
            assertThat(json(provider)).isEqualTo("[{\"product_code\":\"A-1\",\"quantity_ordered\":3}]");
            assertThat(new CBORMapper().readTree(body(provider, SerializationFormat.CBOR)).get(0).propertyNames())
                    .containsExactly("product_code", "quantity_ordered");
        });
    }

    @Test
    void shouldApplyJsonMapperBuilderCustomizerBeansOnlyWhenAsked() {
        contextRunner().withUserConfiguration(BootCustomizerConfiguration.class)
                .withPropertyValues("spring.jackson.property-naming-strategy=LOWER_CAMEL_CASE")
                .run(context -> assertThat(json(context.getBean(SerializationProvider.class)))
                        .isEqualTo("[{\"productCode\":\"A-1\",\"quantityOrdered\":3}]"));
        contextRunner().withUserConfiguration(BootCustomizerConfiguration.class)
                .withPropertyValues("spring.jackson.property-naming-strategy=LOWER_CAMEL_CASE",
                        "rpc.serialization.use-application-jackson=true")
                .run(context -> assertThat(json(context.getBean(SerializationProvider.class)))
                        .isEqualTo("[{\"product-code\":\"A-1\",\"quantity-ordered\":3}]"));
    }

    @Test
    void shouldApplyRpcMapperBuilderCustomizersInOrderAfterSpringBoots() {
        contextRunner().withUserConfiguration(RpcCustomizersConfiguration.class)
                .withPropertyValues("rpc.serialization.use-application-jackson=true")
                .run(context -> assertThat(json(context.getBean(SerializationProvider.class)))
                        .isEqualTo("[{\"PRODUCT_CODE\":\"A-1\",\"QUANTITY_ORDERED\":3}]"));
    }

    @Test
    void shouldApplyRpcMapperBuilderCustomizersToTheServerAndTheClientOfARealCall() {
        contextRunner().withUserConfiguration(SkuConfiguration.class).run(context -> {
            int port = context.getBean(RpcServerLifecycle.class).getServer().port();
            OrderLines lines = context.getBean(RpcClient.class).proxy(OrderLines.class,
                    ReferenceOptions.to("127.0.0.1:" + port).build());

            assertThat(lines.confirm(List.of(new OrderLine(new Sku("A-1"), 2))))
                    .containsExactly(new OrderLine(new Sku("A-1"), 4));
        });
    }

    @Test
    void shouldFailTheServersStartupWhenACustomizerActivatesDefaultTyping() {
        contextRunner().withUserConfiguration(SkuConfiguration.class, DefaultTypingConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed().getFailure()
                            .rootCause().isInstanceOf(UnsafeSerializationException.class)
                            .hasMessageContaining("activated default typing on the JSON mapper");
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("The RPC serialization was refused: The serialization "
                            + "customizer");
                    assertThat(analysis.getAction()).startsWith("Remove what the message names from the "
                            + "RpcMapperBuilderCustomizer beans");
                });
    }

    @Test
    void shouldFailTheClientsStartupWhenACustomizerActivatesDefaultTyping() {
        contextRunner().withUserConfiguration(ReferenceConfiguration.class, DefaultTypingConfiguration.class)
                .withPropertyValues("rpc.client.services.OrderLines.address=127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasFailed().getFailure()
                            .rootCause().isInstanceOf(UnsafeSerializationException.class)
                            .hasMessageContaining("activated default typing on the JSON mapper");
                    // the client could not be created: no fault of the referenced interface
                    for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                        assertThat(cause).isNotInstanceOf(RpcInterfaceException.class);
                    }
                    assertThat(RpcServerAutoConfigurationTests.analyze(context.getStartupFailure()).getDescription())
                            .startsWith("The RPC serialization was refused");
                });
    }

    @Test
    void shouldRefuseToExportAServiceWhoseTypesNameClasses() {
        contextRunner().withUserConfiguration(ClassNamedServiceConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed().getFailure()
                            .rootCause().isInstanceOf(UnsafeSerializationException.class)
                            .hasMessageContaining("uses class names (@JsonTypeInfo(use = Id.CLASS))");
                    FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("The service interface " + Commands.class.getName()
                            + ", used by the @RpcService bean 'commands', cannot be called remotely");
                    assertThat(analysis.getAction()).contains("@JsonTypeInfo(use = Id.NAME) and @JsonSubTypes");
                });
    }

    @Test
    void shouldFailTheStartupWhenASpringBootJacksonCustomizerActivatesDefaultTyping() {
        contextRunner().withUserConfiguration(SkuConfiguration.class, BootDefaultTypingConfiguration.class)
                .withPropertyValues("rpc.serialization.use-application-jackson=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOf(UnsafeSerializationException.class)
                        .hasMessageContaining(DefaultTypingCustomizer.class.getName())
                        .hasMessageContaining("(Spring Boot's Jackson configuration, rpc.serialization.use-application-jackson) "
                                + "activated default typing on the JSON mapper"));
    }

    @Test
    void shouldFailWhenAskedForTheApplicationsJacksonWithoutSpringBootJackson() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JsonMapperBuilderCustomizer.class))
                .withPropertyValues("rpc.serialization.use-application-jackson=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("rpc.serialization.use-application-jackson is true, but Spring Boot's "
                                + "Jackson support is not on the classpath"));
    }

    @Test
    void shouldBackOffWhenTheUserDefinesASerializationProvider() {
        contextRunner().withUserConfiguration(OwnProviderConfiguration.class)
                .run(context -> assertThat(context).getBean(SerializationProvider.class)
                        .isSameAs(context.getBean("ownSerialization")));
    }

    @Configuration(proxyBeanMethods = false)
    static class SkuConfiguration {

        @Bean
        DoublingOrderLines orderLines() {
            return new DoublingOrderLines();
        }

        @Bean
        RpcMapperBuilderCustomizer skus() {
            return (format, builder) -> builder.addModule(skuModule());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReferenceConfiguration {

        @RpcReference
        OrderLines orderLines;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public interface Command {
    }

    public interface Commands {

        void run(Command command);
    }

    @Configuration(proxyBeanMethods = false)
    static class ClassNamedServiceConfiguration {

        @Bean
        RunningCommands commands() {
            return new RunningCommands();
        }
    }

    @RpcService
    static class RunningCommands implements Commands {

        @Override
        public void run(Command command) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BootCustomizerConfiguration {

        @Bean
        JsonMapperBuilderCustomizer kebabCase() {
            return builder -> builder.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RpcCustomizersConfiguration {

        @Bean
        @Order(2)
        RpcMapperBuilderCustomizer upperSnakeCase() {
            return (format, builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.UPPER_SNAKE_CASE);
        }

        @Bean
        @Order(1)
        RpcMapperBuilderCustomizer kebabCase() {
            return (format, builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DefaultTypingConfiguration {

        @Bean
        RpcMapperBuilderCustomizer defaultTyping() {
            return (format, builder) -> builder.activateDefaultTyping(
                    BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BootDefaultTypingConfiguration {

        @Bean
        JsonMapperBuilderCustomizer defaultTyping() {
            return new DefaultTypingCustomizer();
        }
    }

    /** A Boot customizer of the kind some applications use for their caches. */
    static final class DefaultTypingCustomizer implements JsonMapperBuilderCustomizer {

        @Override
        public void customize(JsonMapper.Builder builder) {
            builder.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProviderConfiguration {

        @Bean
        SerializationProvider ownSerialization() {
            return JacksonSerialization.builder().build();
        }
    }
}
