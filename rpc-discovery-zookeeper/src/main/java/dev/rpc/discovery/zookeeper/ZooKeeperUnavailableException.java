package dev.rpc.discovery.zookeeper;

/**
 * ZooKeeper could not be reached when a {@link ZooKeeperServiceDiscovery} was created. The message names the
 * connect string and how long it waited.
 */
public class ZooKeeperUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String connectString;

    /**
     * Creates an exception.
     * @param connectString the ZooKeeper servers that could not be reached
     * @param message what happened and what to do
     * @param cause a local cause, or {@code null}
     */
    public ZooKeeperUnavailableException(String connectString, String message, Throwable cause) {
        super(message, cause);
        this.connectString = connectString;
    }

    /** Returns the ZooKeeper servers that could not be reached. */
    public String connectString() {
        return connectString;
    }
}
