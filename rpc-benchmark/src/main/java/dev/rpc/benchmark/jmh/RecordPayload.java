package dev.rpc.benchmark.jmh;

import java.util.List;

import dev.rpc.benchmark.workload.Payload;

/**
 * The fields of {@link Payload} as a record: Jackson reads a record through its canonical constructor (its creator
 * path), a bean through its no-argument constructor and setters. {@link CodecBenchmarks} measures both.
 *
 * @param id the call's id
 * @param name the 20-character name
 * @param tags three short strings
 * @param blob {@code null} in the small payload, 10 KiB of text in the large one
 */
public record RecordPayload(int id, String name, List<String> tags, String blob) {

    /** The same values as {@code bean}. */
    static RecordPayload of(Payload bean) {
        return new RecordPayload(bean.getId(), bean.getName(), bean.getTags(), bean.getBlob());
    }
}
