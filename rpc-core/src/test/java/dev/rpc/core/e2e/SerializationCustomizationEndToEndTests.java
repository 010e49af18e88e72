package dev.rpc.core.e2e;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rpc.core.client.ReferenceOptions;
import dev.rpc.core.client.RpcClient;
import dev.rpc.core.client.RpcClientOptions;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.serialization.SerializationProvider;
import dev.rpc.core.serialization.UnsafeSerializationException;
import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The application's Jackson customizations apply to real calls over a real socket, and never unsafely. */
class SerializationCustomizationEndToEndTests {

    /** A value type Jackson cannot write or read without the application's module: no accessors, no creator. */
    public static final class Sku {

        private final String code;

        private Sku(String code) {
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

        @Override
        public String toString() {
            return code;
        }
    }

    record Line(Sku sku, int quantityOrdered) {
    }

    public interface Orders {

        List<Line> confirm(List<Line> lines);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public interface Command {
    }

    public interface Commands {

        void run(Command command);
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @AfterEach
    void stop() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    private static SimpleModule skuModule() {
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

    private Orders connect(SerializationFormat format, SerializationProvider server, SerializationProvider client) {
        RpcServer rpcServer = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0)
                        .serialization(server).build())
                .export(Orders.class, lines -> lines.stream()
                        .map(line -> new Line(line.sku(), line.quantityOrdered() * 2)).toList())
                .start();
        started.push(() -> rpcServer.shutdown(Duration.ofSeconds(5)));
        RpcClient rpcClient = RpcClient.create(RpcClientOptions.builder().format(format).defaultTimeout(Duration.ofSeconds(10))
                .serialization(client).build());
        started.push(rpcClient);
        return rpcClient.proxy(Orders.class, ReferenceOptions.to("127.0.0.1:" + rpcServer.port()).build());
    }

    @ParameterizedTest
    @EnumSource(SerializationFormat.class)
    void aCustomizersModuleAndNamingStrategyApplyToBothSidesOfACall(SerializationFormat format) {
        SerializationProvider customized = JacksonSerialization.builder()
                .customizer((f, builder) -> builder.addModule(skuModule()))
                .customizer((f, builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE))
                .build();
        Orders orders = connect(format, customized, customized);

        List<Line> confirmed = orders.confirm(List.of(new Line(new Sku("A-1"), 2), new Line(new Sku("B-7"), 5)));

        assertThat(confirmed).containsExactly(new Line(new Sku("A-1"), 4), new Line(new Sku("B-7"), 10));
    }

    @Test
    void aNamingStrategyOnOneSideOnlyChangesWhatTheOtherSideReads() {
        SerializationProvider module = JacksonSerialization.builder()
                .customizer((f, builder) -> builder.addModule(skuModule())).build();
        SerializationProvider kebab = JacksonSerialization.builder()
                .customizer((f, builder) -> builder.addModule(skuModule()))
                .customizer((f, builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE))
                .build();
        Orders orders = connect(SerializationFormat.JSON, module, kebab);

        // the server knows no "quantity-ordered" and ignores it, as it ignores any property of a newer peer: the
        // quantity is lost without an error, so a naming strategy must be the same on both sides
        assertThat(orders.confirm(List.of(new Line(new Sku("A-1"), 2)))).containsExactly(new Line(new Sku("A-1"), 0));
    }

    @Test
    void aClientWhoseCustomizerActivatesDefaultTypingIsNotCreated() {
        SerializationProvider unsafe = JacksonSerialization.builder()
                .customizer((f, builder) -> builder.activateDefaultTyping(
                        BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build()))
                .build();

        assertThatExceptionOfType(UnsafeSerializationException.class)
                .isThrownBy(() -> RpcClient.create(RpcClientOptions.builder().serialization(unsafe).build()))
                .withMessageContaining("activated default typing on the JSON mapper");
    }

    @Test
    void aServiceWithClassNameTypeInformationIsNeitherExportedNorProxied() {
        RpcServer server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).build());
        RpcClient client = RpcClient.create(RpcClientOptions.builder().build());
        started.push(client);

        assertThatExceptionOfType(UnsafeSerializationException.class)
                .isThrownBy(() -> server.export(Commands.class, command -> { }))
                .withMessageContaining("Commands.run(" + Command.class.getName() + "): its argument 1");
        assertThatExceptionOfType(UnsafeSerializationException.class)
                .isThrownBy(() -> client.proxy(Commands.class, ReferenceOptions.to("127.0.0.1:1").build()))
                .withMessageContaining("uses class names (@JsonTypeInfo(use = Id.CLASS))");
    }
}
