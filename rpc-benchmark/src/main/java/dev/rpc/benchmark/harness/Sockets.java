package dev.rpc.benchmark.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP and UDP sockets a process holds, read from {@code /proc} as {@code ss -tunap} does: the socket
 * inodes among its file descriptors, matched against {@code /proc/PID/net/{tcp,tcp6,udp,udp6}}.
 */
final class Sockets {

    private static final String LISTEN = "0A";

    private Sockets() {
    }

    /** One socket. */
    record Socket(String protocol, InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort,
            String state) {

        boolean listening() {
            return protocol.startsWith("tcp") && state.equals(LISTEN);
        }

        boolean connected() {
            return !remoteAddress.isAnyLocalAddress() || remotePort != 0;
        }

        /** Loopback only: the local address is loopback, and so is the peer's if there is one. */
        boolean loopbackOnly() {
            return localAddress.isLoopbackAddress() && (!connected() || remoteAddress.isLoopbackAddress());
        }

        @Override
        public String toString() {
            String local = localAddress.getHostAddress() + ":" + localPort;
            return protocol + (listening() ? " LISTEN " + local
                    : " " + local + " -> " + remoteAddress.getHostAddress() + ":" + remotePort + " (state " + state + ")");
        }
    }

    /** Returns the sockets of a process, or an empty list if it has exited or {@code /proc} is unreadable. */
    static List<Socket> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                }
                catch (IOException ex) {
                    // closed meanwhile
                }
            }
        }
        catch (IOException ex) {
            return List.of();
        }
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> rows;
            try {
                rows = Files.readAllLines(proc.resolve("net").resolve(table));
            }
            catch (IOException ex) {
                continue;
            }
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                String[] fields = row.trim().split("\\s+");
                if (fields.length > 9 && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    String[] remote = fields[2].split(":");
                    sockets.add(new Socket(table, address(local[0]), Integer.parseInt(local[1], 16), address(remote[0]),
                            Integer.parseInt(remote[1], 16), fields[3]));
                }
            }
        }
        return sockets;
    }

    /** Decodes an address of /proc/net/*: 32-bit words in host (little-endian) order, as hex. */
    static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("not an address: " + hex, ex);
        }
    }
}
