package dev.rpc.benchmark.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the requests of one phase: every call gets its own {@link Payload} with its own id, sharing the
 * (never modified) name, tags and blob of the template.
 */
public final class PayloadTemplate {

    /** The 20-character name of every payload. */
    public static final String NAME = "benchmark-payload-01";

    private static final int LARGE_BLOB_BYTES = 10 * 1024;

    private final String spec;

    private final List<String> tags;

    private final String blob;

    private PayloadTemplate(String spec, String blob) {
        this.spec = spec;
        this.tags = new ArrayList<>(List.of("alpha", "bravo", "charlie"));
        this.blob = blob;
    }

    /**
     * Parses a payload spec: {@code small} (no blob), {@code large} (a 10 KiB blob), or {@code blob:<bytes>}.
     * @throws IllegalArgumentException for any other spec
     */
    public static PayloadTemplate of(String spec) {
        if (spec.equals("small")) {
            return new PayloadTemplate(spec, null);
        }
        if (spec.equals("large")) {
            return new PayloadTemplate(spec, text(LARGE_BLOB_BYTES));
        }
        if (spec.startsWith("blob:")) {
            return new PayloadTemplate(spec, text(Integer.parseInt(spec.substring(5))));
        }
        throw new IllegalArgumentException("payload must be small, large or blob:<bytes>, not " + spec);
    }

    /** Returns a new request with this id. */
    public Payload request(int id) {
        Payload payload = new Payload();
        payload.setId(id);
        payload.setName(NAME);
        payload.setTags(tags);
        payload.setBlob(blob);
        return payload;
    }

    /** Returns the spec this template was made from. */
    public String spec() {
        return spec;
    }

    /** Returns the blob length in characters (= bytes, it is ASCII), 0 when there is none. */
    public int blobLength() {
        return blob == null ? 0 : blob.length();
    }

    /** ASCII text of exactly {@code length} characters, not one repeated character (compressors must work). */
    static String text(int length) {
        String words = "the quick brown fox jumps over the lazy dog 0123456789 ";
        StringBuilder text = new StringBuilder(length);
        int i = 0;
        while (text.length() < length) {
            text.append(words.charAt(i % words.length()));
            if (i % 997 == 996) {
                text.append((char) ('a' + (i / 997) % 26));
            }
            i++;
        }
        text.setLength(length);
        return text.toString();
    }
}
