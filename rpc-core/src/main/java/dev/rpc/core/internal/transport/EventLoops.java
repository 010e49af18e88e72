package dev.rpc.core.internal.transport;

import java.nio.channels.spi.SelectorProvider;

import dev.rpc.core.transport.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loop and channel classes of one {@link Transport}, chosen once at start.
 *
 * @param transport the transport actually used (never {@link Transport#AUTO})
 * @param ioHandlerFactory creates the I/O handler of each event loop
 * @param socketChannel the client channel class
 * @param serverSocketChannel the server channel class
 */
public record EventLoops(Transport transport, IoHandlerFactory ioHandlerFactory,
        Class<? extends SocketChannel> socketChannel, Class<? extends ServerSocketChannel> serverSocketChannel) {

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
     * Creates an event loop group whose loops decide with {@code strategies} when to sleep; io_uring, which
     * takes no select strategy, gets its usual loops.
     */
    public EventLoopGroup newGroup(int threads, String name, SelectStrategyFactory strategies) {
        IoHandlerFactory handlers = switch (transport) {
            case EPOLL -> EpollIoHandler.newFactory(0, strategies);
            case NIO -> NioIoHandler.newFactory(SelectorProvider.provider(), strategies);
            default -> ioHandlerFactory;
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    }
}
