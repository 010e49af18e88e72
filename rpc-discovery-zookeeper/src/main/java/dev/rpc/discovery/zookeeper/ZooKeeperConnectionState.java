package dev.rpc.discovery.zookeeper;

/**
 * Where a discovery's ZooKeeper session stands, as Curator reports it. Whatever the state, the views keep the
 * providers they last knew and calls go on.
 */
public enum ZooKeeperConnectionState {

    /** Connected; the session is alive. */
    CONNECTED,
    /**
     * The connection was lost, and the session may still be alive: if the connection comes back within the session
     * timeout, nothing is lost, this process's provider entries included. No change reaches the views meanwhile.
     */
    SUSPENDED,
    /**
     * The connection has been gone for the session timeout: the session is taken as expired, and ZooKeeper has removed
     * (or soon removes) this process's provider entries; they are created again once a new session starts.
     */
    LOST,
    /**
     * Connected to a server cut off from its quorum that serves reads only (when the client allows it): the views
     * are kept up to date with what that server knows, but no provider can register.
     */
    READ_ONLY
}
