package dev.rpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a ZooKeeper that could not be reached at startup: what to check, and how to wait instead of
 * failing. Matches the exception by name, so that it loads also when the ZooKeeper module is absent.
 */
class ZooKeeperUnavailableFailureAnalyzer implements FailureAnalyzer {

    private static final String EXCEPTION = "dev.rpc.discovery.zookeeper.ZooKeeperUnavailableException";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals(EXCEPTION)) {
                return new FailureAnalysis("Service discovery could not reach ZooKeeper: " + cause.getMessage(),
                        "Start ZooKeeper or correct 'rpc.discovery.zookeeper.connect-string'; to let the application "
                                + "wait for ZooKeeper instead, set 'rpc.discovery.zookeeper.startup=wait' (and "
                                + "'rpc.discovery.zookeeper.startup-wait'); to run without discovery, remove the connect "
                                + "string and give each reference an address.", cause);
            }
        }
        return null;
    }
}
