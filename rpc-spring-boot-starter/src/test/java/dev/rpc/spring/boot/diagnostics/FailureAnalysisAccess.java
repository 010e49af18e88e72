package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** Lets tests in other packages run the package-private ZooKeeper failure analyzer. */
public final class FailureAnalysisAccess {

    public FailureAnalysis analyze(Throwable failure) {
        return new ZooKeeperUnavailableFailureAnalyzer().analyze(failure);
    }
}
