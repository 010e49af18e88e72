package dev.rpc.spring.boot.diagnostics;

import dev.rpc.core.serialization.UnsafeSerializationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link RpcInterfaceException}: which method of which interface to change. */
class RpcInterfaceFailureAnalyzer extends AbstractFailureAnalyzer<RpcInterfaceException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RpcInterfaceException cause) {
        String description = String.format("The service interface %s, used by %s, cannot be called remotely:%n%n    %s",
                cause.getServiceInterface().getName(), cause.getUsedBy(), cause.getReason());
        String action = cause.getCause() instanceof UnsafeSerializationException ? UnsafeSerializationFailureAnalyzer.ACTION
                : "Change the method named above so that its parameter and result types are concrete and "
                + "asynchronous results are java.util.concurrent.CompletableFuture; client and server must then share "
                + "the changed interface.";
        return new FailureAnalysis(description, action, cause);
    }
}
