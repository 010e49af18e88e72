package dev.rpc.spring.boot.serialization;

import dev.rpc.core.serialization.MapperCustomizer;

/**
 * Adjusts the Jackson mapper builder of each serialization format, for both the client and the server: a module,
 * a custom serializer for a value type, a naming strategy, a mix-in. Beans of this type are applied in
 * {@link org.springframework.core.Ordered order}, after rpc-core's own settings and after Spring Boot's Jackson
 * configuration when {@code rpc.serialization.use-application-jackson} is on.
 *
 * <pre>{@code
 * @Bean
 * RpcMapperBuilderCustomizer money() {
 *     return (format, builder) -> builder.addModule(new MoneyModule());
 * }
 * }</pre>
 *
 * <p>Whatever a customizer does, nothing from the wire chooses a class: activating default typing or replacing the
 * polymorphic type validator fails the startup, naming the customizer, and the read constraints stay rpc-core's.
 * Both sides of a call must agree on what changes the wire form, such as a naming strategy.
 *
 * @see MapperCustomizer
 */
@FunctionalInterface
public interface RpcMapperBuilderCustomizer extends MapperCustomizer {
}
