package dev.rpc.core.internal.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;

import dev.rpc.core.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loop and channel classes of one {@link Transport}, chosen once at start, and what differs between a
 * socket and the in-JVM transport: the socket options, and the address a server binds or a client connects to.
 *
 * @param transport the transport actually used (never {@link Transport#AUTO})
 * @param ioHandlerFactory creates the I/O handler of each event loop
 * @param socketChannel the client channel class
 * @param serverSocketChannel the server channel class
 */
public record EventLoops(Transport transport, IoHandlerFactory ioHandlerFactory,
        Class<? extends Channel> socketChannel, Class<? extends ServerChannel> serverSocketChannel) {

    /**
     * Resolves a transport.
     * @throws IllegalStateException if a native transport was asked for and cannot load here
     */
    public static EventLoops select(Transport requested) {
        return switch (requested) {
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport EPOLL is not available here ("
                            + Epoll.unavailabilityCause() + "); use AUTO or NIO");
                }
                yield epoll();
            }
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("transport IO_URING is not available here ("
                            + IoUring.unavailabilityCause() + "); use AUTO or NIO");
                }
                yield new EventLoops(Transport.IO_URING, IoUringIoHandler.newFactory(), IoUringSocketChannel.class,
                        IoUringServerSocketChannel.class);
            }
            case NIO -> nio();
            case IN_JVM -> new EventLoops(Transport.IN_JVM, LocalIoHandler.newFactory(), LocalChannel.class,
                    LocalServerChannel.class);
        };
    }

    private static EventLoops epoll() {
        return new EventLoops(Transport.EPOLL, EpollIoHandler.newFactory(), EpollSocketChannel.class,
                EpollServerSocketChannel.class);
    }

    private static EventLoops nio() {
        return new EventLoops(Transport.NIO, NioIoHandler.newFactory(), NioSocketChannel.class,
                NioServerSocketChannel.class);
    }

    /** Creates an event loop group of daemon threads named {@code <name>-<n>}. */
    public EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory);
    }

    /**
     * Creates an event loop group whose loops decide with {@code strategies} when to sleep; io_uring and the
     * in-JVM transport, which take no select strategy, get their usual loops.
     */
    public EventLoopGroup newGroup(int threads, String name, SelectStrategyFactory strategies) {
        IoHandlerFactory handlers = switch (transport) {
            case EPOLL -> EpollIoHandler.newFactory(0, strategies);
            case NIO -> NioIoHandler.newFactory(SelectorProvider.provider(), strategies);
            default -> ioHandlerFactory;
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    }

    /** Returns whether connections stay inside this JVM ({@link Transport#IN_JVM}). */
    public boolean inJvm() {
        return transport == Transport.IN_JVM;
    }

    /**
     * Returns how long event loops stay up after their last task when shut down: 0 for sockets; for in-JVM channels
     * long enough for the peer's side of each connection, which closes on this side's event loop, to close too.
     */
    public long closingQuietPeriodMillis() {
        return inJvm() ? 100 : 0;
    }

    /** Returns a client bootstrap of this transport's channel class, with the socket options that apply to it. */
    public Bootstrap clientBootstrap() {
        Bootstrap bootstrap = new Bootstrap().channel(socketChannel);
        if (!inJvm()) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
        }
        return bootstrap;
    }

    /** Returns a server bootstrap of this transport's channel classes, with the socket options that apply to them. */
    public ServerBootstrap serverBootstrap() {
        ServerBootstrap bootstrap = new ServerBootstrap().channel(serverSocketChannel);
        if (!inJvm()) {
            bootstrap.option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        return bootstrap;
    }

    /** Returns what a client channel connects to for a server address: the address itself, or its in-JVM port. */
    public SocketAddress remoteAddress(InetSocketAddress server) {
        return inJvm() ? InJvmPorts.address(server.getPort()) : server;
    }
}
