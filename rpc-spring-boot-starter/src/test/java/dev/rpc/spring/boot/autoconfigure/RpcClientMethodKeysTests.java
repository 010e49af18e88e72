package dev.rpc.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpc.core.server.RpcServer;
import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerCallContext;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.diagnostics.InvalidMethodKeyException;
import dev.rpc.spring.boot.fixtures.ScaleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys under {@code rpc.client.services.<key>.methods}, in every form a user may write them, from real YAML and
 * {@code .properties} files: each either takes effect or fails the startup naming the key as written and
 * showing how to write it. A real server on 127.0.0.1 answers each call with the milliseconds its deadline had
 * left, so a test sees which timeout the call was sent with: 10 s for a method entry, 60 s for the service.
 */
class RpcClientMethodKeysTests {

    private static final long METHOD_TIMEOUT_MILLIS = 10_000;

    private static RpcServer server;

    @BeforeAll
    static void startServer() {
        server = RpcServer.create(RpcServerOptions.builder().bindAddress("127.0.0.1").port(0).ioThreads(1).build())
                .export(ScaleService.class, new DeadlineReportingScale())
                .start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
                .withUserConfiguration(ScaleReferenceConfiguration.class)
                .withPropertyValues("rpc.client.io-threads=1",
                        "rpc.client.services.scale.address=127.0.0.1:" + server.port());
    }

    /** Adds a configuration file the way Spring Boot reads application.yml and application.properties. */
    private static ApplicationContextRunner withConfigFile(String location) {
        PropertySourceLoader loader = location.endsWith(".yml") ? new YamlPropertySourceLoader()
                : new PropertiesPropertySourceLoader();
        List<PropertySource<?>> sources;
        try {
            sources = loader.load(location, new ClassPathResource(location));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        assertThat(sources).as(location).isNotEmpty();
        return contextRunner().withInitializer(context -> sources
                .forEach(context.getEnvironment().getPropertySources()::addLast));
    }

    @ParameterizedTest
    @ValueSource(strings = { "method-keys/name.yml", "method-keys/name.properties" })
    void nameSetsTheTimeoutOfEveryOverload(String file) {
        withConfigFile(file).run(context -> {
            ScaleService scale = scale(context);
            assertThat(scale.weigh(1L, "g")).isBetween(1L, METHOD_TIMEOUT_MILLIS);
            assertThat(scale.weigh(1L)).isBetween(1L, METHOD_TIMEOUT_MILLIS);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "method-keys/signature-in-brackets.yml", "method-keys/signature-in-brackets-with-space.yml",
            "method-keys/signature-in-brackets.properties",
            "method-keys/signature-in-brackets-with-escaped-space.properties" })
    void signatureInBracketsSetsTheTimeoutOfThatOverloadOnly(String file) {
        withConfigFile(file).run(context -> {
            ScaleService scale = scale(context);
            assertThat(scale.weigh(1L, "g")).isBetween(1L, METHOD_TIMEOUT_MILLIS);
            assertThat(scale.weigh(1L)).isGreaterThan(METHOD_TIMEOUT_MILLIS);
        });
    }

    @Test
    void signatureWinsOverTheNameWhichCoversTheOtherOverloads() {
        withConfigFile("method-keys/signature-in-brackets.yml").run(context -> {
            ScaleService scale = scale(context);
            assertThat(scale.weigh(1L, "g")).as("by signature: 10s").isBetween(1L, METHOD_TIMEOUT_MILLIS);
            assertThat(scale.weigh(1L)).as("by name: 30s").isBetween(METHOD_TIMEOUT_MILLIS + 1, 30_000L);
        });
    }

    @Test
    void signatureInBracketsWithSpacesTakesEffectFromPropertyValues() {
        contextRunner().withPropertyValues("rpc.client.services.scale.timeout=60s",
                "rpc.client.services.scale.methods[weigh(long, java.lang.String)].timeout=10s")
                .run(context -> {
                    ScaleService scale = scale(context);
                    assertThat(scale.weigh(1L, "g")).isBetween(1L, METHOD_TIMEOUT_MILLIS);
                    assertThat(scale.weigh(1L)).isGreaterThan(METHOD_TIMEOUT_MILLIS);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "method-keys/signature-without-brackets.yml | weigh(long,java.lang.String) | outside brackets",
        "method-keys/signature-without-brackets-with-space.yml | weigh(long, java.lang.String) | outside brackets",
        "method-keys/signature-without-dots.yml | weigh(long) | outside brackets",
        "method-keys/signature-in-unquoted-brackets.yml | [weigh(long, java.lang.String)] | YAML reads brackets that are not quoted as a list",
        "method-keys/signature-without-brackets.properties | weigh(long,java.lang.String) | outside brackets",
        "method-keys/signature-in-brackets-with-space.properties | weigh(long, java.lang.String) | ends at the first space",
        "method-keys/signature-without-brackets-with-space.properties | weigh(long, java.lang.String) | ends at the first space"
    })
    void keyTheBinderWouldNotKeepWholeFailsTheStartupShowingHowToWriteIt(String file, String writtenKey, String problem) {
        withConfigFile(file).run(context -> {
            InvalidMethodKeyException failure = invalidMethodKey(context);
            assertThat(failure.getMethodKey()).isEqualTo(writtenKey);
            assertThat(failure).hasMessageContaining("'" + writtenKey + "'").hasMessageContaining(problem)
                    .hasMessageContaining(file);
            String signature = writtenKey.replaceAll("[\\s\\[\\]]", "");
            FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(writtenKey).contains(file);
            assertThat(analysis.getAction()).contains("\"[" + signature + "]\": { timeout: 10s }")
                    .contains("rpc.client.services.scale.methods[" + signature + "].timeout=10s");
        });
    }

    @Test
    void signatureWithoutBracketsInPropertyValuesFailsTheStartup() {
        contextRunner().withPropertyValues("rpc.client.services.scale.methods.weigh(long,java.lang.String).timeout=10s")
                .run(context -> {
                    assertThat(invalidMethodKey(context))
                            .hasMessageContaining("'rpc.client.services.scale.methods.weigh(long,java.lang.String).timeout'")
                            .hasMessageContaining("it would read 'weighlongjava.lang.String'")
                            .hasMessageContaining("rpc.client.services.scale.methods[weigh(long,java.lang.String)].timeout=10s");
                });
    }

    @Test
    void keyNamingNoMethodFailsTheStartupListingTheMethods() {
        withConfigFile("method-keys/unknown-method.yml").run(context -> {
            assertThat(invalidMethodKey(context))
                    .hasMessageContaining("The method key 'weigh(int)' under 'rpc.client.services.scale.methods' names no "
                            + "method of " + ScaleService.class.getName())
                    .hasMessageContaining("weigh(long), weigh(long,java.lang.String)");
            FailureAnalysis analysis = RpcServerAutoConfigurationTests.analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(ScaleReferenceConfiguration.class.getName() + ".scale");
            assertThat(analysis.getAction()).contains("\"[weigh(long)]\"")
                    .contains("rpc.client.services.scale.methods[weigh(long)]");
        });
    }

    @Test
    void keyNamingNoMethodFailsTheStartupAlsoWithoutATimeout() {
        contextRunner().withPropertyValues("rpc.client.services.scale.methods.wiegh.idempotent=false")
                .run(context -> {
                    assertThat(invalidMethodKey(context))
                            .hasMessageContaining("The method key 'wiegh'");
                });
    }

    @Test
    void twoKeysNamingTheSameSignatureFailTheStartup() {
        contextRunner().withPropertyValues("rpc.client.services.scale.methods[weigh(long,java.lang.String)].timeout=10s",
                "rpc.client.services.scale.methods[weigh(long, java.lang.String)].timeout=20s")
                .run(context -> {
                    assertThat(invalidMethodKey(context))
                            .hasMessageContaining("'weigh(long,java.lang.String)' and 'weigh(long, java.lang.String)'")
                            .hasMessageContaining("name the same method");
                });
    }

    private static InvalidMethodKeyException invalidMethodKey(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
            if (failure instanceof InvalidMethodKeyException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("the startup failed otherwise", context.getStartupFailure());
    }

    private static ScaleService scale(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(ScaleReferenceConfiguration.class).scale;
    }

    @Configuration(proxyBeanMethods = false)
    static class ScaleReferenceConfiguration {

        @RpcReference(service = "scale")
        ScaleService scale;
    }

    /** Answers with the milliseconds left before the caller gives up: the timeout the call was sent with, nearly. */
    static class DeadlineReportingScale implements ScaleService {

        @Override
        public long weigh(long grams, String unit) {
            return remainingMillis();
        }

        @Override
        public long weigh(long grams) {
            return remainingMillis();
        }

        private static long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(ServerCallContext.current().remainingNanos());
        }
    }
}
