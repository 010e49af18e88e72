package dev.rpc.benchmark.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpc.benchmark.spi.Completion;
import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.EchoServiceImpl;
import dev.rpc.benchmark.workload.Payload;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * grpc-java over grpc-netty-shaded (its own Netty), plaintext HTTP/2, without protoc: a hand-written unary
 * {@link MethodDescriptor} whose marshaller is the same Jackson 3 JSON as the floor's. {@code grpc} keeps
 * gRPC's default executors; {@code grpc-direct} sets {@code directExecutor()} on server and channel. A second
 * method, {@code bench.Echo/BlockingEcho}, is the blocking service: it blocks its thread for a millisecond first.
 * N connections are N channels (gRPC's shared event loops).
 */
public final class GrpcContender implements Contender {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static final MethodDescriptor<Payload, Payload> ECHO = MethodDescriptor.<Payload, Payload>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
            .setRequestMarshaller(JsonMarshaller.INSTANCE)
            .setResponseMarshaller(JsonMarshaller.INSTANCE)
            .build();

    /** The blocking service: answers after {@link EchoServiceImpl#blockLikeADatabaseCall()}. */
    static final MethodDescriptor<Payload, Payload> BLOCKING_ECHO = ECHO.toBuilder()
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "BlockingEcho"))
            .build();

    private final boolean direct;

    /** Called reflectively with the contender's name, {@code grpc} or {@code grpc-direct}. */
    public GrpcContender(String name) {
        this.direct = name.equals("grpc-direct");
    }

    @Override
    public Server startServer() throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerServiceDefinition.builder("bench.Echo")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((Payload request, StreamObserver<Payload> answer) -> {
                            answer.onNext(request);
                            answer.onCompleted();
                        }))
                        .addMethod(BLOCKING_ECHO, ServerCalls.asyncUnaryCall((Payload request, StreamObserver<Payload> answer) -> {
                            EchoServiceImpl.blockLikeADatabaseCall();
                            answer.onNext(request);
                            answer.onCompleted();
                        }))
                        .build());
        if (direct) {
            builder.directExecutor();
        }
        io.grpc.Server server = builder.build().start();
        return new Server() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return server.getPort();
            }

            @Override
            public void close() throws InterruptedException {
                server.shutdown();
                if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            }
        };
    }

    @Override
    public Clients connect(String host, int port, int count) {
        List<ManagedChannel> channels = new ArrayList<>();
        List<EchoConnection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port).usePlaintext();
            if (direct) {
                builder.directExecutor();
            }
            ManagedChannel channel = builder.build();
            channels.add(channel);
            connections.add(new ChannelConnection(channel));
        }
        return Clients.of(connections, () -> {
            for (ManagedChannel channel : channels) {
                channel.shutdown();
            }
            for (ManagedChannel channel : channels) {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            }
        });
    }

    private record ChannelConnection(ManagedChannel channel) implements EchoConnection {

        @Override
        public Payload echo(Payload request) {
            return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, request);
        }

        @Override
        public void echoAsync(Payload request, Completion completion) {
            call(ECHO, request, completion);
        }

        @Override
        public void blockingEchoAsync(Payload request, Completion completion) {
            call(BLOCKING_ECHO, request, completion);
        }

        private void call(MethodDescriptor<Payload, Payload> method, Payload request, Completion completion) {
            ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), request, new StreamObserver<>() {

                private Payload response;

                @Override
                public void onNext(Payload value) {
                    response = value;
                }

                @Override
                public void onError(Throwable error) {
                    completion.complete(null, error);
                }

                @Override
                public void onCompleted() {
                    completion.complete(response, null);
                }
            });
        }
    }

    /** Jackson JSON in and out of gRPC's streams. */
    enum JsonMarshaller implements MethodDescriptor.Marshaller<Payload> {
        INSTANCE;

        @Override
        public InputStream stream(Payload value) {
            return new ByteArrayInputStream(MAPPER.writeValueAsBytes(value));
        }

        @Override
        public Payload parse(InputStream stream) {
            try (stream) {
                return MAPPER.readValue(stream, Payload.class);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
