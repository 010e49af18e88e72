package dev.rpc.core.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Decides which host a server registers for clients to connect to. */
final class AdvertisedHost {

    private AdvertisedHost() {
    }

    /**
     * Returns the configured host; else the bind address unless it is a wildcard; else this machine's first
     * non-loopback IPv4 address; else the loopback address.
     */
    static String resolve(String bindAddress, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::") && !bindAddress.equals("[::]")) {
            return bindAddress;
        }
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        }
        catch (SocketException ex) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
