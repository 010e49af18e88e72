package dev.rpc.spring.boot.diagnostics;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import static org.assertj.core.api.Assertions.assertThat;

class UnprotectedRpcServerFailureAnalyzerTests {

    @Test
    void namesWhatIsExposedAndEverySettingThatSecuresIt() {
        Exception failure = new ApplicationContextException("Failed to start bean 'rpcServerLifecycle'",
                new UnprotectedRpcServerException("0.0.0.0:9090", List.of("com.acme.InventoryService")));

        FailureAnalysis analysis = new UnprotectedRpcServerFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).contains("0.0.0.0:9090", "[com.acme.InventoryService]");
        assertThat(analysis.getAction()).contains("rpc.server.ssl.bundle", "spring-boot-starter-security",
                "rpc.server.address=127.0.0.1", "rpc.server.security.unprotected=allow");
    }
}
