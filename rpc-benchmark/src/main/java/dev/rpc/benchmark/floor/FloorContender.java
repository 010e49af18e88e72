package dev.rpc.benchmark.floor;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.rpc.benchmark.spi.Completion;
import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.Payload;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor: what a call costs with no RPC machinery at all. Plain Netty on the same transport and thread
 * count as rpc-core's defaults (epoll when available, one group of {@code availableProcessors} threads),
 * and the same Jackson 3 JSON.
 *
 * <pre>
 * +----------------+--------------------+------------------------+
 * | length (int32) | request id (int64) | payload as JSON (UTF-8) |
 * +----------------+--------------------+------------------------+
 *   bytes after the length field: 8 + JSON
 * </pre>
 *
 * The server echoes each frame's bytes untouched on its event loop (a retained slice of the inbound buffer,
 * written as it is and flushed once per read). The client multiplexes calls on one channel per connection,
 * matching answers by request id.
 */
public final class FloorContender implements Contender {

    static final int MAX_FRAME = 16 * 1024 * 1024;

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Called reflectively with the contender's name. */
    public FloorContender(String name) {
    }

    @Override
    public Server startServer() throws InterruptedException {
        EventLoopGroup group = group("floor-server-io");
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0), EchoHandler.INSTANCE);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        return new Server() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                listener.close().awaitUninterruptibly();
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }
        };
    }

    @Override
    public Clients connect(String host, int port, int count) throws InterruptedException {
        EventLoopGroup group = group("floor-client-io");
        List<EchoConnection> connections = new ArrayList<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                                new FloorConnection(channel));
                    }
                });
        for (int i = 0; i < count; i++) {
            Channel channel = bootstrap.connect(host, port).sync().channel();
            connections.add(channel.pipeline().get(FloorConnection.class));
        }
        return Clients.of(connections, () -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly());
    }

    private static EventLoopGroup group(String name) {
        IoHandlerFactory handlers = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(NettyRuntime.availableProcessors(), new DefaultThreadFactory(name, true), handlers);
    }

    private static Class<? extends ServerSocketChannel> serverChannel() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private static Class<? extends SocketChannel> socketChannel() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Writes every frame back as it came, flushing once per batch of reads. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {

        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object frame) {
            ctx.write(frame, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One channel; calls are matched with answers by request id. */
    static final class FloorConnection extends ChannelInboundHandlerAdapter implements EchoConnection {

        private final Channel channel;

        private final Map<Long, Completion> pending = new ConcurrentHashMap<>();

        private final AtomicLong ids = new AtomicLong();

        private final Runnable flush;

        private boolean flushScheduled;

        FloorConnection(Channel channel) {
            this.channel = channel;
            this.flush = () -> {
                flushScheduled = false;
                channel.flush();
            };
        }

        @Override
        public Payload echo(Payload request) throws Exception {
            CompletableFuture<Payload> answer = new CompletableFuture<>();
            echoAsync(request, (response, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                }
                else {
                    answer.complete(response);
                }
            });
            return answer.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void echoAsync(Payload request, Completion completion) {
            long id = ids.incrementAndGet();
            pending.put(id, completion);
            ByteBuf frame = channel.alloc().buffer();
            try {
                frame.writeInt(0);
                frame.writeLong(id);
                MAPPER.writeValue((OutputStream) new ByteBufOutputStream(frame), request);
                frame.setInt(0, frame.readableBytes() - 4);
            }
            catch (RuntimeException ex) {
                frame.release();
                pending.remove(id);
                throw ex;
            }
            if (channel.eventLoop().inEventLoop()) {
                // issued from a completion: write now, flush once after the reads in progress
                channel.write(frame, channel.voidPromise());
                if (!flushScheduled) {
                    flushScheduled = true;
                    channel.eventLoop().execute(flush);
                }
            }
            else {
                channel.writeAndFlush(frame, channel.voidPromise());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            Completion completion;
            Payload response;
            try {
                completion = pending.remove(frame.readLong());
                response = MAPPER.readValue((InputStream) new ByteBufInputStream(frame), Payload.class);
            }
            finally {
                frame.release();
            }
            if (completion != null) {
                completion.complete(response, null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new IllegalStateException("connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failAll(cause);
            ctx.close();
        }

        private void failAll(Throwable cause) {
            for (Long id : pending.keySet()) {
                Completion completion = pending.remove(id);
                if (completion != null) {
                    completion.complete(null, cause);
                }
            }
        }
    }
}
