package dev.rpc.discovery.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The credentials a {@link ZooKeeperServiceDiscovery} authenticates with to ZooKeeper. Immutable.
 *
 * <ul>
 * <li>{@link #digest(String, String)}: ZooKeeper's {@code digest} scheme, a user name and a password sent when the
 * connection opens (in clear unless the connection uses TLS, see {@link ZooKeeperTls}); every ZooKeeper server
 * supports it without configuration. Its identity in ACLs is {@code digest:<user>:<base64 SHA-1 of user:password>}.</li>
 * <li>{@link #sasl(String)}: SASL (Kerberos, or DIGEST-MD5), configured as ZooKeeper's own client configures it:
 * through JAAS. The JVM's JAAS configuration ({@code -Djava.security.auth.login.config=<file>}) must hold the named
 * section, and ZooKeeper must be started with {@code authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider}.
 * Its identity in ACLs is {@code sasl:<authenticated principal>}.</li>
 * </ul>
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class ZooKeeperAuth {

    /** How the discovery authenticates. */
    public enum Scheme {

        /** ZooKeeper's {@code digest} scheme: user name and password. */
        DIGEST,

        /** SASL through a JAAS login context section. */
        SASL
    }

    /** The JAAS section ZooKeeper's client reads by default, {@code Client}. */
    public static final String DEFAULT_LOGIN_CONTEXT = "Client";

    private final Scheme scheme;

    private final String username;

    private final String password;

    private final String loginContext;

    private ZooKeeperAuth(Scheme scheme, String username, String password, String loginContext) {
        this.scheme = scheme;
        this.username = username;
        this.password = password;
        this.loginContext = loginContext;
    }

    /**
     * Returns digest credentials.
     * @param username the user name; not blank, without {@code :}
     * @param password the password; not empty
     * @throws IllegalArgumentException if either is missing or the user name holds {@code :}
     */
    public static ZooKeeperAuth digest(String username, String password) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("ZooKeeper digest user name must not be blank");
        }
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ZooKeeper digest user name must not contain ':': '" + username + "'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("ZooKeeper digest password of user '" + username + "' must not be empty");
        }
        return new ZooKeeperAuth(Scheme.DIGEST, username, password, null);
    }

    /**
     * Returns SASL authentication through a JAAS section.
     * @param loginContext the JAAS section the ZooKeeper client logs in with, e.g. {@value #DEFAULT_LOGIN_CONTEXT}
     * @throws IllegalArgumentException if it is blank
     */
    public static ZooKeeperAuth sasl(String loginContext) {
        if (loginContext == null || loginContext.isBlank()) {
            throw new IllegalArgumentException("ZooKeeper SASL login context (JAAS section) must not be blank");
        }
        return new ZooKeeperAuth(Scheme.SASL, null, null, loginContext);
    }

    /** Returns how the discovery authenticates. */
    public Scheme scheme() {
        return scheme;
    }

    /** Returns the digest user name; {@code null} for SASL. */
    public String username() {
        return username;
    }

    /** Returns the JAAS section of SASL; {@code null} for digest. */
    public String loginContext() {
        return loginContext;
    }

    /** Returns what Curator sends as the {@code digest} auth data, {@code user:password}; only for digest. */
    byte[] digestCredentials() {
        return (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ZooKeeperAuth auth && scheme == auth.scheme && Objects.equals(username, auth.username)
                && Objects.equals(password, auth.password) && Objects.equals(loginContext, auth.loginContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, username, loginContext);
    }

    /** Returns e.g. {@code digest user 'orders'} or {@code SASL (JAAS section 'Client')}; never the password. */
    @Override
    public String toString() {
        return scheme == Scheme.DIGEST ? "digest user '" + username + "'" : "SASL (JAAS section '" + loginContext + "')";
    }
}
