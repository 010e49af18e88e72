package dev.rpc.spring.boot.server;

import java.util.List;

import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.server.ServerInterceptor;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.autoconfigure.RpcProperties.UnprotectedPolicy;
import dev.rpc.spring.boot.diagnostics.UnprotectedRpcServerException;
import dev.rpc.spring.boot.fixtures.VaultService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class RpcServerExposureCheckTests {

    private static final List<ServiceDescriptor> SERVICES = List.of(ServiceDescriptor.of(VaultService.class));

    private static final String WARNING = "with neither TLS nor authentication";

    @Test
    void warnsOnceAboutAServerOnAllInterfacesWithNeitherTlsNorAuthentication(CapturedOutput output) {
        check(UnprotectedPolicy.WARN, new MockEnvironment(), options("0.0.0.0"));

        assertThat(output.getOut()).containsOnlyOnce(WARNING)
                .contains("listens on 0.0.0.0:9090 with neither TLS nor authentication: anyone who can reach that "
                        + "address can call [" + VaultService.class.getName() + "]")
                .contains("rpc.server.ssl.bundle", "spring-boot-starter-security", "rpc.server.address=127.0.0.1",
                        "rpc.server.security.unprotected=fail");
    }

    @Test
    void warnsAboutAServerOnOneNonLoopbackAddress(CapturedOutput output) {
        check(UnprotectedPolicy.WARN, new MockEnvironment(), options("192.0.2.10"));

        assertThat(output.getOut()).contains("listens on 192.0.2.10:9090 " + WARNING);
    }

    @Test
    void saysNothingAboutALoopbackServer(CapturedOutput output) {
        check(UnprotectedPolicy.FAIL, new MockEnvironment(), options("127.0.0.1"));
        check(UnprotectedPolicy.FAIL, new MockEnvironment(), options("localhost"));
        check(UnprotectedPolicy.FAIL, new MockEnvironment(), options("::1"));

        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void saysNothingWhenTlsIsConfigured(CapturedOutput output) {
        check(UnprotectedPolicy.FAIL, new MockEnvironment().withProperty("rpc.server.ssl.bundle", "server"),
                options("0.0.0.0"));

        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void saysNothingWhenAnInterceptorAuthenticates(CapturedOutput output) {
        AuthenticatingServerInterceptor authenticating = (call, next) -> next.proceed(call);

        check(UnprotectedPolicy.FAIL, new MockEnvironment(), options("0.0.0.0").interceptors(authenticating));

        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void anInterceptorThatDoesNotSayItAuthenticatesDoesNotCount(CapturedOutput output) {
        ServerInterceptor tracing = (call, next) -> next.proceed(call);

        check(UnprotectedPolicy.WARN, new MockEnvironment(), options("0.0.0.0").interceptors(tracing));

        assertThat(output.getOut()).contains(WARNING);
    }

    @Test
    void saysNothingWhenAllowed(CapturedOutput output) {
        check(UnprotectedPolicy.ALLOW, new MockEnvironment(), options("0.0.0.0"));

        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void refusesToStartWhenToldTo() {
        assertThatExceptionOfType(UnprotectedRpcServerException.class)
                .isThrownBy(() -> check(UnprotectedPolicy.FAIL, new MockEnvironment(), options("0.0.0.0").port(0)))
                .satisfies(ex -> {
                    assertThat(ex.getAddress()).isEqualTo("0.0.0.0:<a free port>");
                    assertThat(ex.getServices()).containsExactly(VaultService.class.getName());
                });
    }

    private static RpcServerOptions.Builder options(String address) {
        return RpcServerOptions.builder().bindAddress(address).port(9090);
    }

    private static void check(UnprotectedPolicy policy, MockEnvironment environment, RpcServerOptions.Builder options) {
        new RpcServerExposureCheck(policy, environment).check(options.build(), SERVICES);
    }
}
