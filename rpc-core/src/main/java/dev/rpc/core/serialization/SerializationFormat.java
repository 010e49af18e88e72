package dev.rpc.core.serialization;

/** The body encodings, identified on the wire by one byte at offset 5 of every frame. */
public enum SerializationFormat {

    /** JSON: readable, the default. */
    JSON(1),
    /** Smile: Jackson's binary JSON, compact and fast. */
    SMILE(2),
    /** CBOR (RFC 8949): a standard binary JSON. */
    CBOR(3);

    private final int id;

    SerializationFormat(int id) {
        this.id = id;
    }

    /** Returns the wire id. */
    public int id() {
        return id;
    }

    /** Returns the format with the given wire id, or {@code null} if none has it. */
    public static SerializationFormat fromId(int id) {
        for (SerializationFormat format : values()) {
            if (format.id == id) {
                return format;
            }
        }
        return null;
    }
}
