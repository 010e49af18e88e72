package dev.rpc.benchmark.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpc.benchmark.workload.EchoService;
import dev.rpc.benchmark.workload.Payload;
import dev.rpc.benchmark.workload.PayloadTemplate;
import dev.rpc.core.internal.codec.FrameWriter;
import dev.rpc.core.protocol.FrameType;
import dev.rpc.core.protocol.Protocol;
import dev.rpc.core.protocol.RpcStatus;
import dev.rpc.core.serialization.JacksonSerialization;
import dev.rpc.core.serialization.MethodSerializer;
import dev.rpc.core.serialization.SerializationFormat;
import dev.rpc.core.service.MethodDescriptor;
import dev.rpc.core.service.ServiceDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec of rpc-core without the network: encoding and decoding the request and the response of
 * {@code EchoService.echo(Payload)}, small and large payload, in JSON and in the binary formats (Smile, CBOR),
 * exactly as the client and the server do it: {@link FrameWriter} writes prefix and header into a pooled
 * buffer, then {@link MethodSerializer} the body into the same buffer; decoding reads a body slice. The payload is
 * the workload's bean ({@code shape=bean}) or a record of the same fields ({@code shape=record},
 * {@link RecordEchoService}), which Jackson builds through the record's constructor, its creator path.
 *
 * <pre>java -jar rpc-benchmark/target/rpc-benchmark.jar jmh CodecBenchmarks</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class CodecBenchmarks {

    @Param({ "JSON", "SMILE", "CBOR" })
    public SerializationFormat format;

    @Param({ "small", "large" })
    public String payload;

    /** {@code bean}: {@link Payload}, no-argument constructor and setters; {@code record}: {@link RecordPayload}. */
    @Param({ "bean", "record" })
    public String shape;

    private MethodSerializer serializer;

    private MethodDescriptor method;

    private Object value;

    private Object[] arguments;

    private ByteBuf out;

    private ByteBuf requestBody;

    private ByteBuf responseBody;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchMethodException {
        Payload bean = PayloadTemplate.of(payload).request(42);
        if (shape.equals("record")) {
            method = ServiceDescriptor.of(RecordEchoService.class)
                    .method(RecordEchoService.class.getMethod("echo", RecordPayload.class));
            value = RecordPayload.of(bean);
        }
        else {
            method = ServiceDescriptor.of(EchoService.class).method(EchoService.class.getMethod("echo", Payload.class));
            value = bean;
        }
        serializer = JacksonSerialization.of(format).forMethod(method);
        arguments = new Object[] { value };
        out = PooledByteBufAllocator.DEFAULT.buffer(64 * 1024);
        requestBody = PooledByteBufAllocator.DEFAULT.buffer(64 * 1024);
        serializer.writeArguments(arguments, requestBody);
        responseBody = PooledByteBufAllocator.DEFAULT.buffer(64 * 1024);
        serializer.writeResult(value, responseBody);
        // a benchmark of a codec that gets the payload wrong would measure nothing
        Object decoded = serializer.readResult(responseBody.duplicate());
        Object[] decodedArguments = serializer.readArguments(requestBody.duplicate());
        if (!value.equals(decoded) || !value.equals(decodedArguments[0])) {
            throw new IllegalStateException(shape + " payload does not survive " + format + ": " + decoded);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        requestBody.release();
        responseBody.release();
    }

    /** Client: a whole REQUEST frame, prefix, header block and arguments. */
    @Benchmark
    public int encodeRequest() {
        out.clear();
        int start = FrameWriter.beginFrame(out, FrameType.REQUEST, 0, format.id(), 7L);
        FrameWriter.writeRequestHeader(out, method.service().id(), method.id(), 1, 5_000_000L, Map.of());
        FrameWriter.endHeader(out, start);
        serializer.writeArguments(arguments, out);
        return FrameWriter.endFrame(out, start);
    }

    /** Server: the arguments of a REQUEST body. */
    @Benchmark
    public Object[] decodeRequest() {
        requestBody.readerIndex(0);
        return serializer.readArguments(requestBody);
    }

    /** Server: a whole RESPONSE frame, prefix, header block and result. */
    @Benchmark
    public int encodeResponse() {
        out.clear();
        int start = FrameWriter.beginFrame(out, FrameType.RESPONSE, Protocol.FLAG_EXECUTED, format.id(), 7L);
        FrameWriter.writeResponseHeader(out, RpcStatus.OK, "", "", Protocol.NO_DECLARED_EXCEPTION);
        FrameWriter.endHeader(out, start);
        serializer.writeResult(value, out);
        return FrameWriter.endFrame(out, start);
    }

    /** Client: the result of a RESPONSE body. */
    @Benchmark
    public Object decodeResponse() {
        responseBody.readerIndex(0);
        return serializer.readResult(responseBody);
    }
}
