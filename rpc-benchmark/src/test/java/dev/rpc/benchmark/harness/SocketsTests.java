package dev.rpc.benchmark.harness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketsTests {

    private final long self = ProcessHandle.current().pid();

    @Test
    void listenerOnLoopbackIsLoopbackOnly() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Sockets.Socket> mine = Sockets.of(self).stream().filter(s -> s.localPort() == listener.getLocalPort()).toList();

            assertThat(mine).singleElement().satisfies(socket -> {
                assertThat(socket.listening()).isTrue();
                assertThat(socket.loopbackOnly()).isTrue();
            });
        }
    }

    @Test
    void listenerOnEveryInterfaceIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(0));
            List<Sockets.Socket> mine = Sockets.of(self).stream().filter(s -> s.localPort() == listener.getLocalPort()).toList();

            assertThat(mine).singleElement().satisfies(socket -> {
                assertThat(socket.listening()).isTrue();
                assertThat(socket.loopbackOnly()).as(socket.toString()).isFalse();
            });
        }
    }

    @Test
    void addressesDecodeFromProcNetWords() {
        assertThat(Sockets.address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Sockets.address("0000000000000000FFFF00000100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Sockets.address("00000000000000000000000001000000").isLoopbackAddress()).isTrue();
        assertThat(Sockets.address("00000000").isAnyLocalAddress()).isTrue();
        assertThat(Sockets.address("0202000A").getHostAddress()).isEqualTo("10.0.2.2");
    }
}
