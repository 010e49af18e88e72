package dev.rpc.spring.boot.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.rpc.core.server.RpcServerOptions;
import dev.rpc.core.transport.Transport;
import dev.rpc.core.service.ServiceDescriptor;
import dev.rpc.spring.boot.autoconfigure.RpcProperties.UnprotectedPolicy;
import dev.rpc.spring.boot.diagnostics.UnprotectedRpcServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The startup check of a server's exposure: a server about to listen on a non-loopback address with neither TLS
 * ({@value #TLS_PROPERTY} set) nor authentication (an {@link AuthenticatingServerInterceptor} among its
 * interceptors) logs one warning that says what it exposes and which settings secure it, or, with
 * {@code rpc.server.security.unprotected=fail}, refuses to start with an {@link UnprotectedRpcServerException}.
 * Runs before the port is bound.
 */
public class RpcServerExposureCheck {

    /** The property that configures TLS for the server. */
    public static final String TLS_PROPERTY = "rpc.server.ssl.bundle";

    private static final Logger logger = LoggerFactory.getLogger(RpcServerExposureCheck.class);

    private final UnprotectedPolicy policy;

    private final Environment environment;

    /**
     * Creates the check.
     * @param policy what to do with an unprotected server
     * @param environment where {@value #TLS_PROPERTY} is read
     */
    public RpcServerExposureCheck(UnprotectedPolicy policy, Environment environment) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Checks a server about to start.
     * @param options the server's options: its address, port and interceptors
     * @param services the services it exports
     * @throws UnprotectedRpcServerException if it is unprotected and the policy is {@code fail}
     */
    public void check(RpcServerOptions options, Collection<ServiceDescriptor> services) {
        if (this.policy == UnprotectedPolicy.ALLOW || options.transport() == Transport.IN_JVM
                || isLoopback(options.bindAddress()) || hasTls()
                || hasAuthentication(options)) {
            return;
        }
        String address = options.bindAddress() + ":" + (options.port() == 0 ? "<a free port>" : options.port());
        List<String> names = services.stream().map(ServiceDescriptor::name).sorted().toList();
        if (this.policy == UnprotectedPolicy.FAIL) {
            throw new UnprotectedRpcServerException(address, names);
        }
        logger.warn("The RPC server listens on {} with neither TLS nor authentication: anyone who can reach that "
                + "address can call {} and read the answers. Secure it with TLS (rpc.server.ssl.bundle) and "
                + "authentication (spring-boot-starter-security with an AuthenticationManager, UserDetailsService or "
                + "JwtDecoder bean; see rpc.server.security.*), or keep it private with rpc.server.address=127.0.0.1. "
                + "Set rpc.server.security.unprotected=fail to refuse to start like this, or =allow where the network "
                + "protects it otherwise.", address, names);
    }

    private boolean hasTls() {
        return StringUtils.hasText(this.environment.getProperty(TLS_PROPERTY));
    }

    private static boolean hasAuthentication(RpcServerOptions options) {
        return options.interceptors().stream().anyMatch(AuthenticatingServerInterceptor.class::isInstance);
    }

    /** Whether an address is a loopback address; one that does not resolve counts as exposed. */
    private static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
