package dev.rpc.discovery.zookeeper;

/**
 * What a discovery counts happening to the providers it watches and to its ZooKeeper session; see
 * {@link ZooKeeperServiceDiscovery#events(DiscoveryEvent)}.
 */
public enum DiscoveryEvent {

    /** A provider entry appeared in the view of a watched service (those read when the watch starts included). */
    PROVIDER_ADDED,
    /** A provider entry left the view of a watched service: deleted, or replaced by a malformed one. */
    PROVIDER_REMOVED,
    /** The connection to ZooKeeper was lost; the session may still be alive ({@link ZooKeeperConnectionState#SUSPENDED}). */
    SESSION_SUSPENDED,
    /** The connection stayed lost for the session timeout: the session is taken as expired ({@link ZooKeeperConnectionState#LOST}). */
    SESSION_LOST,
    /** The connection came back after a suspension or a loss, with the same session or a new one. */
    SESSION_RECONNECTED
}
