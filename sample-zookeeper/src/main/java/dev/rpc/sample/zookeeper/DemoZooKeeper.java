package dev.rpc.sample.zookeeper;

import java.io.File;
import java.util.concurrent.CountDownLatch;

import org.apache.curator.test.TestingServer;

/**
 * Runs a single ZooKeeper server on 127.0.0.1 for the discovery demo, until the process is stopped.
 * Usage: {@code java -jar sample-zookeeper.jar <port> <data directory>}.
 */
public final class DemoZooKeeper {

    private DemoZooKeeper() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -jar sample-zookeeper.jar <port> <data directory>");
            System.exit(2);
        }
        TestingServer server = new TestingServer(Integer.parseInt(args[0]), new File(args[1]), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            }
            catch (Exception ex) {
                System.err.println("ZooKeeper did not stop cleanly: " + ex);
            }
        }));
        System.out.println("ZooKeeper ready at " + server.getConnectString());
        new CountDownLatch(1).await();
    }
}
