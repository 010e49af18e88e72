package dev.rpc.spring.boot.diagnostics;

import dev.rpc.discovery.zookeeper.ZooKeeperUnavailableException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a ZooKeeper that could not be reached at startup: what to check, and how to wait instead of
 * failing, in terms of {@code rpc.discovery.zookeeper.*} properties (the exception's own message advises
 * the Java builder, which a Spring application does not call). Matches the exception by name, so that it
 * loads also when the ZooKeeper module is absent.
 */
class ZooKeeperUnavailableFailureAnalyzer implements FailureAnalyzer {

    private static final String EXCEPTION = "dev.rpc.discovery.zookeeper.ZooKeeperUnavailableException";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals(EXCEPTION)) {
                return new FailureAnalysis("Service discovery could not reach ZooKeeper: " + Reason.of(cause),
                        "Start ZooKeeper or correct 'rpc.discovery.zookeeper.connect-string'; to let the application "
                                + "wait for ZooKeeper instead, set 'rpc.discovery.zookeeper.startup=wait' (and "
                                + "'rpc.discovery.zookeeper.startup-wait'); to run without discovery, remove the connect "
                                + "string and give each reference an address.", cause);
            }
        }
        return null;
    }

    /** Reads the exception's reason; loaded only once the exception was found, so only with the ZooKeeper module. */
    private static final class Reason {

        static String of(Throwable failure) {
            return failure instanceof ZooKeeperUnavailableException unavailable ? unavailable.reason() : failure.getMessage();
        }
    }
}
