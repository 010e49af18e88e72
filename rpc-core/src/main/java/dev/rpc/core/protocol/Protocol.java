package dev.rpc.core.protocol;

/**
 * Constants of the wire protocol, version 1. The layout of the 20-byte frame prefix:
 *
 * <pre>
 *  0       2       3       4       5       6                14      16              20
 *  +-------+-------+-------+-------+-------+----------------+-------+---------------+
 *  | magic |version| type  | flags |format |  request id    |hdr len|   body len    |
 *  | 0x5250|  0x01 |  u8   |  u8   |  u8   |     u64        |  u16  |     u32       |
 *  +-------+-------+-------+-------+-------+----------------+-------+---------------+
 *  | header block (hdr len bytes)  | body (body len bytes)                          |
 * </pre>
 *
 * See {@code docs/PROTOCOL.md} for every field.
 */
public final class Protocol {

    /** The two bytes every frame starts with, {@code "RP"}. */
    public static final int MAGIC = 0x5250;

    /** The protocol version this implementation speaks. */
    public static final int VERSION = 1;

    /** Length of the fixed frame prefix. */
    public static final int PREFIX_LENGTH = 20;

    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 2;

    /** Offset of the frame type byte. */
    public static final int TYPE_OFFSET = 3;

    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 4;

    /** Offset of the format byte. */
    public static final int FORMAT_OFFSET = 5;

    /** Offset of the request id. */
    public static final int REQUEST_ID_OFFSET = 6;

    /** Offset of the header length field. */
    public static final int HEADER_LENGTH_OFFSET = 14;

    /** Offset of the body length field. */
    public static final int BODY_LENGTH_OFFSET = 16;

    /** REQUEST flag: answer with ACK once the method ran, not with its result. */
    public static final int FLAG_CALLBACK = 0x01;

    /** RESPONSE and ACK flag: the service method was started. */
    public static final int FLAG_EXECUTED = 0x02;

    /**
     * RESPONSE, ACK and PONG flag: the server knows {@link FrameType#CANCEL}. A client sends CANCEL only on a connection
     * that showed this flag, since a server without it would take the unknown frame type for a protocol violation.
     */
    public static final int FLAG_CANCEL_SUPPORTED = 0x04;

    /** Format byte of a frame without a body; a REQUEST always has one (its arguments), so never uses it. */
    public static final int FORMAT_NONE = 0;

    /** Declared-exception index meaning "none". */
    public static final int NO_DECLARED_EXCEPTION = 0xFF;

    /** Default limit of a whole frame: 8 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 8 * 1024 * 1024;

    /** Default limit of a header block: 8 KiB. */
    public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;

    private Protocol() {
    }

    /**
     * Returns the FNV-1a 32-bit hash of a string's UTF-8 bytes: how service and method ids are derived
     * from names.
     * @param text the service name or method signature
     * @return the id sent on the wire
     */
    public static int fnv1a32(String text) {
        int hash = 0x811C9DC5;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= (b & 0xFF);
            hash *= 0x01000193;
        }
        return hash;
    }
}
