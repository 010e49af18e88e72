package dev.rpc.benchmark.jmh;

/** {@code EchoService.echo} with a record for payload: what {@link CodecBenchmarks} encodes and decodes for {@code shape=record}. */
public interface RecordEchoService {

    /** Returns the payload. */
    RecordPayload echo(RecordPayload payload);
}
