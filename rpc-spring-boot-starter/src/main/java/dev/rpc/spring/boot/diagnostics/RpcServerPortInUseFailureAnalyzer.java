package dev.rpc.spring.boot.diagnostics;

import dev.rpc.core.server.RpcServerBindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link RpcServerBindException}: the port is taken or the address is not local. */
class RpcServerPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<RpcServerBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RpcServerBindException cause) {
        String where = cause.address().getHostString() + ":" + cause.address().getPort();
        String description = String.format("The RPC server could not listen on %s: %s.", where,
                cause.getCause() != null ? cause.getCause().getMessage() : "bind failed");
        String action = String.format("Identify and stop the process that is listening on port %d, or set "
                + "'rpc.server.port' to another port (0 picks a free one). If 'rpc.server.address' is set, check that "
                + "it is an address of this machine.", cause.address().getPort());
        return new FailureAnalysis(description, action, cause);
    }
}
