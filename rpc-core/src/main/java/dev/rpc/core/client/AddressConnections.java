package dev.rpc.core.client;

import java.net.InetSocketAddress;

/**
 * A snapshot of a client's connections to one server address, for monitoring: see {@link RpcClient#addresses()}.
 *
 * @param address the server address
 * @param connections the connections the client keeps to it ({@link RpcClientOptions#connectionsPerAddress()})
 * @param open how many connections are open now: 0 before the first call (they open on first use), and for a
 *        moment one more than {@code connections} while one the server asked to drain finishes its calls
 * @param reconnects how many times one of them was opened again after a loss, since the client was created
 * @param failedAttempts how many connection attempts to the address failed, since the client was created
 * @param failure why the last connection attempt failed, while the address is failing; {@code null} otherwise
 */
public record AddressConnections(InetSocketAddress address, int connections, int open, long reconnects,
        long failedAttempts, String failure) {

    /** Returns whether the last connection attempt to the address failed, with none succeeding since. */
    public boolean isFailing() {
        return failure != null;
    }
}
