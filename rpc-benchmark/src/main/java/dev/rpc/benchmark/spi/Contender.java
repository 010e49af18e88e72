package dev.rpc.benchmark.spi;

import java.util.List;

/**
 * One framework under test. An implementation is loaded by name in the server or the client JVM of its
 * contender only, on that contender's own classpath; the harness never loads it.
 */
public interface Contender {

    /**
     * Starts a server on the loopback interface, on a free port.
     * @return the server; its {@link Server#port()} is bound
     */
    Server startServer() throws Exception;

    /**
     * Opens {@code count} client connections to a server started by {@link #startServer()}.
     * The returned list has {@code count} entries; a framework that spreads one client over several
     * connections by itself may return the same object several times.
     */
    Clients connect(String host, int port, int count) throws Exception;

    /** A running server. */
    interface Server extends AutoCloseable {

        /** The host clients must dial. */
        String host();

        /** The bound port. */
        int port();

        @Override
        void close() throws Exception;
    }

    /** A set of connections, closed together. */
    interface Clients extends AutoCloseable {

        /** The connections. */
        List<EchoConnection> connections();

        @Override
        void close() throws Exception;

        /** Returns the connections, closed by {@code closer}. */
        static Clients of(List<EchoConnection> connections, AutoCloseable closer) {
            List<EchoConnection> unmodifiable = List.copyOf(connections);
            return new Clients() {
                @Override
                public List<EchoConnection> connections() {
                    return unmodifiable;
                }

                @Override
                public void close() throws Exception {
                    closer.close();
                }
            };
        }
    }
}
