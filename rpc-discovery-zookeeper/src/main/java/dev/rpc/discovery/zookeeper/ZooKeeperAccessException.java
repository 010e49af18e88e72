package dev.rpc.discovery.zookeeper;

/**
 * ZooKeeper's access control stands in the way of a secured discovery ({@link ZooKeeperAcl#CREATOR_WRITES}), in
 * one of two ways, both of which the message explains with the znode and what to do:
 * <ul>
 * <li>creating the discovery found a znode it relies on that anyone may write (the base path, {@code services},
 * or a service's znodes, created without credentials or by someone else): providers listed there could not be
 * trusted, so the discovery does not start;</li>
 * <li>ZooKeeper refused this process a znode (creating the base path, reading its ACL, or creating a provider
 * entry on {@code register}) because this
 * process's identity may not create it ({@code NOAUTH}), e.g. wrong credentials, or a tree created by another
 * identity.</li>
 * </ul>
 */
public class ZooKeeperAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path the znode concerned
     * @param message what happened and what to do
     * @param cause a local cause, or {@code null}
     */
    public ZooKeeperAccessException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** Returns the znode concerned. */
    public String path() {
        return path;
    }
}
