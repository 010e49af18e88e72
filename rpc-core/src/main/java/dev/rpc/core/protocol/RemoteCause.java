package dev.rpc.core.protocol;

/**
 * A cause of a declared exception, as the server described it: the remote class name and message, as text.
 * The class is never loaded. A declared exception that arrives with a cause carries a chain of these, outermost
 * first (at most four), so that a log of the caller's failure shows why the server failed. Has no stack trace:
 * the server's stack never travels.
 */
public final class RemoteCause extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;

    private final String remoteMessage;

    /**
     * Creates a cause.
     * @param remoteType the remote exception's class name, or {@code null} if the server did not say
     * @param remoteMessage the remote exception's message, or {@code null}
     * @param cause the next cause in the chain, or {@code null}
     */
    public RemoteCause(String remoteType, String remoteMessage, RemoteCause cause) {
        super(describe(remoteType, remoteMessage), cause, false, false);
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** Returns the remote exception's class name, as text, or {@code null}. */
    public String remoteType() {
        return remoteType;
    }

    /** Returns the remote exception's message, or {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }

    private static String describe(String remoteType, String remoteMessage) {
        String type = remoteType == null ? "unknown type" : remoteType;
        return remoteMessage == null ? "remote " + type : "remote " + type + ": " + remoteMessage;
    }
}
