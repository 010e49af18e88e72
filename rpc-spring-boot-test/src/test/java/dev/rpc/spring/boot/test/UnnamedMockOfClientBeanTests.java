package dev.rpc.spring.boot.test;

import dev.rpc.spring.boot.test.FakeRemoteServiceWithClientBeanTests.Checkout;
import dev.rpc.spring.boot.test.FakeRemoteServiceWithClientBeanTests.ClientApplication;
import dev.rpc.spring.boot.test.fixtures.GreetingService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case README warns about: an unnamed {@code @MockitoBean} of an {@code @EnableRpcClients} interface replaces the
 * client bean, so the application calls the mock directly; the test support says so at startup.
 */
@SpringBootTest(classes = ClientApplication.class)
@AutoConfigureTestRpcTransport
@ExtendWith(OutputCaptureExtension.class)
class UnnamedMockOfClientBeanTests {

    @MockitoBean
    private GreetingService greetings;

    @Autowired
    private Checkout checkout;

    @Test
    void theReplacedClientBeanIsReportedAtStartup(CapturedOutput output) {
        assertThat(this.checkout.greetings).isSameAs(this.greetings);
        assertThat(output).contains("The client bean 'rpcClient." + GreetingService.class.getName() + "' was replaced");
    }
}
