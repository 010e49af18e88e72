package dev.rpc.sample.zookeeper;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * Runs a single ZooKeeper server on 127.0.0.1 for the discovery demo, until the process is stopped.
 * Usage: {@code java -jar sample-zookeeper.jar <port> <data directory>}.
 *
 * <p>It listens on 127.0.0.1 only, and grants sessions of up to {@link #MAX_SESSION_TIMEOUT} (with a tick of
 * {@link #TICK_TIME}, ZooKeeper's default), so that the discovery's default session timeout of 30 s holds as
 * documented. (Left to curator-test's defaults, it would listen on every interface and cap sessions at 20 s.)
 */
public final class DemoZooKeeper {

    /** The only address the server listens on. */
    public static final String HOST = "127.0.0.1";

    /** ZooKeeper's basic time unit; sessions are granted from one tick. */
    public static final Duration TICK_TIME = Duration.ofSeconds(2);

    /** The longest session granted, above the discovery's default of 30 s. */
    public static final Duration MAX_SESSION_TIMEOUT = Duration.ofSeconds(60);

    private DemoZooKeeper() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -jar sample-zookeeper.jar <port> <data directory>");
            System.exit(2);
        }
        TestingServer server = start(Integer.parseInt(args[0]), new File(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            }
            catch (Exception ex) {
                System.err.println("ZooKeeper did not stop cleanly: " + ex);
            }
        }));
        System.out.println("ZooKeeper ready at " + server.getConnectString() + " (sessions up to "
                + MAX_SESSION_TIMEOUT.toSeconds() + " s)");
        new CountDownLatch(1).await();
    }

    /**
     * Starts the server; closing it stops the server and deletes the data directory.
     * @param port the client port, on {@value #HOST}
     * @param dataDirectory where ZooKeeper keeps its data
     * @return the running server
     * @throws Exception if ZooKeeper does not start
     */
    public static TestingServer start(int port, File dataDirectory) throws Exception {
        Map<String, Object> settings = Map.of(
                "clientPortAddress", HOST,
                "maxSessionTimeout", String.valueOf(MAX_SESSION_TIMEOUT.toMillis()));
        InstanceSpec spec = new InstanceSpec(dataDirectory, port, -1, -1, true, -1, (int) TICK_TIME.toMillis(), -1,
                settings, HOST);
        return new TestingServer(spec, true);
    }
}
