package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnprotectedRpcServerException}: the settings that secure the server, or keep it private. */
class UnprotectedRpcServerFailureAnalyzer extends AbstractFailureAnalyzer<UnprotectedRpcServerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnprotectedRpcServerException cause) {
        String description = String.format("The RPC server would listen on %s with neither TLS nor authentication: "
                + "anyone who can reach that address could call %s and read the answers. "
                + "rpc.server.security.unprotected=fail refuses to start it so.", cause.getAddress(), cause.getServices());
        String action = String.format("Secure it, with either or both of:%n"
                + "    - TLS: rpc.server.ssl.bundle=<an SSL bundle under spring.ssl.bundle>%n"
                + "    - authentication: add spring-boot-starter-security and an AuthenticationManager, UserDetailsService "
                + "or JwtDecoder bean (calls then need credentials; see rpc.server.security.*)%n"
                + "or keep it private: rpc.server.address=127.0.0.1, or, if the network protects it otherwise, "
                + "rpc.server.security.unprotected=allow.");
        return new FailureAnalysis(description, action, cause);
    }
}
