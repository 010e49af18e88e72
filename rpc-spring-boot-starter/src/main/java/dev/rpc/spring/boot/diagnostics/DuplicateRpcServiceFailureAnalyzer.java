package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link DuplicateRpcServiceException}: keep one exporter, or name the services apart. */
class DuplicateRpcServiceFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateRpcServiceException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DuplicateRpcServiceException cause) {
        String description = String.format("The beans '%s' and '%s' both export the service %s.",
                cause.getFirstBean(), cause.getSecondBean(), cause.getServiceName());
        String action = String.format("Remove @RpcService from one of them, list the interfaces each one exports "
                + "with @RpcService(SomeInterface.class), or export one under another name with "
                + "@RpcService(serviceName = \"...\").");
        return new FailureAnalysis(description, action, cause);
    }
}
