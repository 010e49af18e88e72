package dev.rpc.spring.boot.aot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rpc.spring.boot.annotation.EnableRpcClients;
import dev.rpc.spring.boot.annotation.RpcReference;
import dev.rpc.spring.boot.annotation.RpcService;
import dev.rpc.spring.boot.autoconfigure.RpcClientAutoConfiguration;
import dev.rpc.spring.boot.autoconfigure.RpcServerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Spring AOT's processing on an application context, as {@code spring-boot:process-aot} does, and
 * checks the hints the starter contributed for each way an application exports or references a service.
 */
class RpcBeanFactoryInitializationAotProcessorTests {

    @Test
    void exportedInterfaceGetsReflectionOnItsMethodsAndTypesButNoProxy() {
        RuntimeHints hints = processAheadOfTime(ServerApplication.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderService.class, "place")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(OrderService.Order.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(OrderService.class, AopInfrastructureBean.class))
                .rejects(hints);
    }

    @Test
    void referenceOnAFieldGetsTheProxyTheTypesAndTheFieldItself() {
        RuntimeHints hints = processAheadOfTime(FieldClientApplication.class);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(ShippingService.class, AopInfrastructureBean.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Parcel.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(FieldClient.class, "shipping")).accepts(hints);
    }

    @Test
    void referenceOnAConstructorParameterGetsTheProxy() {
        RuntimeHints hints = processAheadOfTime(ConstructorClientApplication.class);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(BillingService.class, AopInfrastructureBean.class))
                .accepts(hints);
    }

    @Test
    void referenceOnABeanMethodParameterGetsTheProxy() {
        RuntimeHints hints = processAheadOfTime(BeanMethodClientApplication.class);

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(BillingService.class, AopInfrastructureBean.class))
                .accepts(hints);
    }

    @Test
    void interfacesListedByEnableRpcClientsGetTheProxyAndTheirBeansAreWrittenAsCode() throws Exception {
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
        DefaultGenerationContext generationContext = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "TestApplication")), files);
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(EnableRpcClientsApplication.class);

        new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
        generationContext.writeGeneratedContent();

        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(AuditService.class, AopInfrastructureBean.class))
                .accepts(generationContext.getRuntimeHints());
        List<String> sources = new ArrayList<>();
        for (String path : files.getGeneratedFiles(Kind.SOURCE).keySet()) {
            sources.add(files.getGeneratedFileContent(Kind.SOURCE, path));
        }
        assertThat(sources).anySatisfy(source -> assertThat(source).contains("RpcClientFactoryBean")
                .contains("AuditService.class"));
    }

    @Test
    void applicationWithoutServicesGetsOnlyTheStarterHints() {
        RuntimeHints hints = processAheadOfTime(NoRpcApplication.class);

        assertThat(hints.proxies().jdkProxyHints()).isEmpty();
        assertThat(RuntimeHintsPredicates.resource().forResource(RpcRuntimeHints.VERSION_RESOURCE)).accepts(hints);
    }

    private static RuntimeHints processAheadOfTime(Class<?> application) {
        DefaultGenerationContext generationContext = generationContext();
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(application);
        new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
        return generationContext.getRuntimeHints();
    }

    private static DefaultGenerationContext generationContext() {
        return new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "TestApplication")),
                new InMemoryGeneratedFiles());
    }

    public interface ShippingService {

        Parcel ship(String orderId);
    }

    public record Parcel(String trackingNumber) {
    }

    public interface BillingService {

        void bill(String orderId);
    }

    public interface AuditService {

        void audit(String event);
    }

    @RpcService
    public static class DefaultOrderService implements OrderService {

        @Override
        public Receipt place(Order order) {
            return new Receipt("r-1", null, Status.ACCEPTED);
        }

        @Override
        public CompletableFuture<Receipt> placeLater(Order order) {
            return CompletableFuture.completedFuture(place(order));
        }

        @Override
        public Map<String, Summary> summaries(Tag[] tags) {
            return Map.of();
        }

        @Override
        public OrderLookup.Invoice find(String id) {
            return new OrderLookup.Invoice();
        }
    }

    public static class FieldClient {

        @RpcReference(service = "shipping")
        private ShippingService shipping;
    }

    public static class ConstructorClient {

        public ConstructorClient(@RpcReference(service = "billing") BillingService billing) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class })
    static class ServerApplication {

        @Bean
        DefaultOrderService orderService() {
            return new DefaultOrderService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RpcClientAutoConfiguration.class)
    static class FieldClientApplication {

        @Bean
        FieldClient fieldClient() {
            return new FieldClient();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RpcClientAutoConfiguration.class)
    @Import(ConstructorClient.class)
    static class ConstructorClientApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RpcClientAutoConfiguration.class)
    static class BeanMethodClientApplication {

        @Bean
        String billingSummary(@RpcReference(service = "billing") BillingService billing) {
            return "billing";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(RpcClientAutoConfiguration.class)
    @EnableRpcClients(clients = AuditService.class)
    static class EnableRpcClientsApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ RpcServerAutoConfiguration.class, RpcClientAutoConfiguration.class })
    static class NoRpcApplication {
    }
}
