package dev.rpc.discovery.zookeeper;

/**
 * ZooKeeper could not be reached when a {@link ZooKeeperServiceDiscovery} was created. The message names the
 * connect string and how long it waited, then what to do in terms of this module's Java API; a framework
 * that configures the discovery its own way (such as the Spring Boot starter, with properties) gives its own
 * advice with {@link #reason()}.
 */
public class ZooKeeperUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String connectString;

    private final String reason;

    /**
     * Creates an exception whose whole message is the reason.
     * @param connectString the ZooKeeper servers that could not be reached
     * @param message what happened and what to do
     * @param cause a local cause, or {@code null}
     */
    public ZooKeeperUnavailableException(String connectString, String message, Throwable cause) {
        this(connectString, message, null, cause);
    }

    /**
     * Creates an exception whose message is the reason, then the advice.
     * @param connectString the ZooKeeper servers that could not be reached
     * @param reason what happened
     * @param advice what to do, naming this module's Java API; {@code null} for none
     * @param cause a local cause, or {@code null}
     */
    public ZooKeeperUnavailableException(String connectString, String reason, String advice, Throwable cause) {
        super(advice == null ? reason : reason + ": " + advice, cause);
        this.connectString = connectString;
        this.reason = reason;
    }

    /** Returns the ZooKeeper servers that could not be reached. */
    public String connectString() {
        return connectString;
    }

    /**
     * Returns what happened, without the advice of the message, e.g.
     * {@code Cannot reach ZooKeeper at zk1:2181 within PT5S}.
     */
    public String reason() {
        return reason;
    }
}
