package dev.rpc.core.serialization;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Checks that every text of a body is well-formed UTF-8 before Jackson reads it, so that a string argument
 * always holds the text its sender meant. Jackson 3 decodes some malformed sequences instead of refusing them:
 * overlong forms ({@code C0 AF} becomes {@code '/'}) and code points past U+10FFFF in every format, encoded
 * surrogates in CBOR and Smile, continuation bytes it never checks in Smile, and in CBOR a truncated four-byte
 * sequence that swallows the byte after it. The method would then run on text nobody sent, and an answer echoing it could not be
 * encoded. Rules are Unicode's (Table 3-7, as RFC 3629): no overlong form, no surrogate, nothing past U+10FFFF.
 *
 * <ul>
 * <li>JSON: the whole body; and no unicode escape may leave a surrogate unpaired.
 * <li>CBOR: every text string (major type 3), each chunk of an indefinite-length one on its own (RFC 8949).
 * <li>Smile: every text value and property name; text declared ASCII must be ASCII.
 * </ul>
 * Only text is judged: a body whose structure this class does not follow is left to Jackson, which refuses it
 * at or before that point, since the arguments must end exactly where the body ends. Walks the buffer once, from
 * its reader index, without moving it; allocates nothing for JSON and CBOR, and for Smile one small object per
 * body (plus a word per 64 levels of nesting beyond the first 64). Immutable and thread-safe.
 */
final class Utf8Validator {

    /** {@link #scan} result: every text up to the end of the body was checked and is well-formed. */
    static final int VALID = -1;

    /** {@link #scan} result: the structure stopped making sense to this class; Jackson will refuse the body. */
    static final int UNCHECKED = -2;

    private final SerializationFormat format;

    private final int maxNestingDepth;

    /**
     * Creates a validator.
     * @param format the format of the bodies
     * @param maxNestingDepth the reader's nesting limit: deeper Smile is left unchecked for Jackson to refuse
     */
    Utf8Validator(SerializationFormat format, int maxNestingDepth) {
        this.format = format;
        this.maxNestingDepth = maxNestingDepth;
    }

    /**
     * Returns what is wrong with the text of a body, in words fit to send to its sender, or {@code null} if
     * nothing is.
     */
    String problem(ByteBuf body) {
        int invalid = scan(body);
        if (invalid < 0) {
            return null;
        }
        return "the text at byte " + invalid + " of the body is not well-formed UTF-8";
    }

    /**
     * Walks a body: returns the offset (from the reader index) of the first malformed text, {@link #VALID}, or
     * {@link #UNCHECKED}.
     */
    int scan(ByteBuf body) {
        int start = body.readerIndex();
        int end = body.writerIndex();
        int found = switch (format) {
            case JSON -> json(body, start, end);
            case CBOR -> cbor(body, start, end);
            case SMILE -> new SmileWalk(body, end, maxNestingDepth).run(start);
        };
        return found >= 0 ? found - start : found;
    }

    // ---------------------------------------------------------------- JSON

    private static int json(ByteBuf body, int start, int end) {
        if (isAsciiWithoutEscapes(body, start, end)) {
            return VALID; // the common case, in one pass: no byte to decode, no escape that could hide a surrogate
        }
        boolean inString = false;
        int i = start;
        while (i < end) {
            i = body.forEachByte(i, end - i, PLAIN_JSON);
            if (i < 0) {
                return VALID;
            }
            int b = body.getUnsignedByte(i);
            if (b >= 0x80) {
                int length = sequenceLength(body, i, end);
                if (length < 0) {
                    return i;
                }
                i += length;
            }
            else if (b == '"') {
                inString = !inString; // a quote that does not end the string is escaped, and skipped below
                i++;
            }
            else if (!inString) {
                i++; // a backslash outside a string: Jackson refuses it
            }
            else if (i + 1 < end && body.getByte(i + 1) == 'u') {
                int unit = hex4(body, i + 2, end);
                if (unit < 0) {
                    return UNCHECKED; // a malformed escape: Jackson refuses it
                }
                if (isLowSurrogate(unit)) {
                    return i;
                }
                if (!isHighSurrogate(unit)) {
                    i += 6;
                }
                else if (i + 7 < end && body.getByte(i + 6) == '\\' && body.getByte(i + 7) == 'u'
                        && isLowSurrogate(hex4(body, i + 8, end))) {
                    i += 12;
                }
                else {
                    return i;
                }
            }
            else if (i + 1 < end && body.getByte(i + 1) < 0) {
                return UNCHECKED; // a malformed escape: Jackson refuses it
            }
            else {
                i += 2; // \" \\ \/ \b \f \n \r \t: the escaped character is never a quote that ends the string
            }
        }
        return VALID;
    }

    private static int hex4(ByteBuf body, int from, int end) {
        if (from + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(body.getByte(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static boolean isHighSurrogate(int unit) {
        return unit >= 0xD800 && unit <= 0xDBFF;
    }

    private static boolean isLowSurrogate(int unit) {
        return unit >= 0xDC00 && unit <= 0xDFFF;
    }

    // ---------------------------------------------------------------- CBOR (RFC 8949)

    private static int cbor(ByteBuf body, int start, int end) {
        int i = start;
        while (i < end) {
            int initial = body.getUnsignedByte(i);
            int major = initial >>> 5;
            int info = initial & 0x1F;
            if (info == 31) {
                if (major == 3) {
                    int found = cborChunkedText(body, i + 1, end);
                    if (found != VALID) {
                        return found;
                    }
                    i = skipChunks(body, i + 1);
                    continue;
                }
                if (major == 0 || major == 1 || major == 6) {
                    return UNCHECKED;
                }
                i++; // indefinite byte string, array or map, or a break: what follows is read item by item
                continue;
            }
            int argumentBytes = argumentBytes(info);
            if (argumentBytes < 0 || i + 1 + argumentBytes > end) {
                return UNCHECKED;
            }
            int next = i + 1 + argumentBytes;
            if (major == 2 || major == 3) {
                long length = argument(body, i, info);
                if (length < 0 || length > end - next) {
                    return UNCHECKED;
                }
                if (major == 3) {
                    int found = invalidText(body, next, next + (int) length);
                    if (found >= 0) {
                        return found;
                    }
                }
                next += (int) length;
            }
            i = next;
        }
        return VALID;
    }

    /** Checks the chunks of an indefinite-length text string, each a definite text string, up to the break. */
    private static int cborChunkedText(ByteBuf body, int from, int end) {
        int i = from;
        while (i < end) {
            int initial = body.getUnsignedByte(i);
            if (initial == 0xFF) {
                return VALID;
            }
            int info = initial & 0x1F;
            int argumentBytes = argumentBytes(info);
            if (initial >>> 5 != 3 || argumentBytes < 0) {
                return i; // a chunk that is not definite text: the text string is malformed
            }
            int next = i + 1 + argumentBytes;
            if (next > end) {
                return UNCHECKED;
            }
            long length = argument(body, i, info);
            if (length < 0 || length > end - next) {
                return UNCHECKED;
            }
            int found = invalidText(body, next, next + (int) length);
            if (found >= 0) {
                return found;
            }
            i = next + (int) length;
        }
        return UNCHECKED;
    }

    /** Returns the index after the break that ends checked chunks; only called once they were found valid. */
    private static int skipChunks(ByteBuf body, int from) {
        int i = from;
        while (body.getUnsignedByte(i) != 0xFF) {
            int info = body.getUnsignedByte(i) & 0x1F;
            i += 1 + argumentBytes(info) + (int) argument(body, i, info);
        }
        return i + 1;
    }

    /** Returns how many bytes follow the initial byte to hold its argument, or -1 for the reserved values 28-30. */
    private static int argumentBytes(int info) {
        if (info < 24) {
            return 0;
        }
        return switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> -1;
        };
    }

    /** Returns the argument of the head at {@code i}; negative when it does not fit a signed long. */
    private static long argument(ByteBuf body, int i, int info) {
        return switch (info) {
            case 24 -> body.getUnsignedByte(i + 1);
            case 25 -> body.getUnsignedShort(i + 1);
            case 26 -> body.getUnsignedInt(i + 1);
            case 27 -> body.getLong(i + 1);
            default -> info;
        };
    }

    // ---------------------------------------------------------------- Smile

    /** One walk over a Smile body: key and value tokens mean different things, so it follows the nesting. */
    private static final class SmileWalk {

        private final ByteBuf body;

        private final int end;

        private final int maxDepth;

        private int depth;

        /** Bit {@code d} set: the container at depth {@code d + 1} is an object; depths past 64 in {@link #deep}. */
        private long objects;

        private long[] deep;

        private boolean expectName;

        SmileWalk(ByteBuf body, int end, int maxDepth) {
            this.body = body;
            this.end = end;
            this.maxDepth = maxDepth;
        }

        int run(int start) {
            int i = start;
            while (i < end) {
                int b = body.getUnsignedByte(i);
                int next = (depth > 0 && expectName) ? name(b, i) : value(b, i);
                if (next < 0) {
                    return next == UNCHECKED ? UNCHECKED : -(next + 3);
                }
                i = next;
            }
            return VALID;
        }

        /** Returns the index after the name token at {@code i}, or {@link #invalidAt} or {@link #UNCHECKED}. */
        private int name(int b, int i) {
            if (b == 0xFB) {
                return close(i, true);
            }
            expectName = false;
            if (b == 0x20 || (b >= 0x40 && b <= 0x7F)) {
                return i + 1; // empty name, short shared name reference
            }
            if (b >= 0x30 && b <= 0x33) {
                return i + 2; // long shared name reference
            }
            if (b == 0x34) {
                return terminatedText(i + 1, false); // long name
            }
            if (b >= 0x80 && b <= 0xBF) {
                return text(i + 1, (b & 0x3F) + 1, true);
            }
            if (b >= 0xC0 && b <= 0xF7) {
                return text(i + 1, (b & 0x3F) + 2, false);
            }
            return UNCHECKED;
        }

        /** Returns the index after the value token at {@code i}, or {@link #invalidAt} or {@link #UNCHECKED}. */
        private int value(int b, int i) {
            if (b >= 0x40 && b <= 0xBF) {
                int length = (b & 0x1F) + (b < 0x60 ? 1 : b < 0x80 ? 33 : b < 0xA0 ? 2 : 34);
                return valueDone(text(i + 1, length, b < 0x80));
            }
            if (b < 0x24 || (b >= 0xC0 && b <= 0xDF)) {
                return valueDone(i + 1); // shared value reference, empty string, null, false, true, small int
            }
            switch (b) {
                case 0x3A:
                    if (depth == 0 && i + 3 < end && body.getByte(i + 1) == ')' && body.getByte(i + 2) == '\n') {
                        return i + 4; // a header, at the start or between documents
                    }
                    return UNCHECKED;
                case 0x24: case 0x25:
                    return valueDone(skipVInt(i + 1));
                case 0x26:
                    return valueDone(sevenBitData(skipVInt(i + 1), i + 1));
                case 0x28:
                    return valueDone(checkedSkip(i + 1, 5));
                case 0x29:
                    return valueDone(checkedSkip(i + 1, 10));
                case 0x2A: {
                    int lengthAt = skipVInt(i + 1);
                    return valueDone(lengthAt < 0 ? UNCHECKED : sevenBitData(skipVInt(lengthAt), lengthAt));
                }
                case 0xE0:
                    return valueDone(terminatedText(i + 1, true));
                case 0xE4:
                    return valueDone(terminatedText(i + 1, false));
                case 0xE8:
                    return valueDone(sevenBitData(skipVInt(i + 1), i + 1));
                case 0xEC: case 0xED: case 0xEE: case 0xEF:
                    return valueDone(checkedSkip(i + 1, 1)); // long shared value reference
                case 0xF8:
                    return open(i, false);
                case 0xF9:
                    return close(i, false);
                case 0xFA:
                    return open(i, true);
                case 0xFD: {
                    int dataAt = skipVInt(i + 1);
                    long length = dataAt < 0 ? -1 : vInt(i + 1);
                    return valueDone(length < 0 || length > end - dataAt ? UNCHECKED : dataAt + (int) length);
                }
                case 0xFF:
                    return depth == 0 ? i + 1 : UNCHECKED; // end-of-content marker
                default:
                    return UNCHECKED;
            }
        }

        /** After a whole value: in an object a name comes next, in an array or at the top another value. */
        private int valueDone(int next) {
            if (next >= 0) {
                expectName = depth > 0 && isObject(depth);
            }
            return next;
        }

        private int open(int i, boolean object) {
            if (depth == maxDepth) {
                return UNCHECKED; // Jackson refuses the nesting
            }
            depth++;
            setObject(depth, object);
            expectName = object;
            return i + 1;
        }

        private int close(int i, boolean object) {
            if (depth == 0 || isObject(depth) != object) {
                return UNCHECKED;
            }
            depth--;
            return valueDone(i + 1);
        }

        private boolean isObject(int level) {
            int bit = level - 1;
            return bit < 64 ? (objects & (1L << bit)) != 0 : (deep[(bit >> 6) - 1] & (1L << bit)) != 0;
        }

        private void setObject(int level, boolean object) {
            int bit = level - 1;
            if (bit < 64) {
                objects = object ? objects | (1L << bit) : objects & ~(1L << bit);
                return;
            }
            int word = (bit >> 6) - 1;
            if (deep == null || word >= deep.length) {
                deep = java.util.Arrays.copyOf(deep == null ? new long[0] : deep, word + 1);
            }
            deep[word] = object ? deep[word] | (1L << bit) : deep[word] & ~(1L << bit);
        }

        /** Checks {@code length} bytes of text at {@code from}; returns the index after them. */
        private int text(int from, int length, boolean ascii) {
            if (length > end - from) {
                return UNCHECKED;
            }
            int found = ascii ? nonAscii(body, from, from + length) : invalidText(body, from, from + length);
            return found >= 0 ? invalidAt(found) : from + length;
        }

        /** Checks text up to its 0xFC end marker, a byte UTF-8 never holds; returns the index after the marker. */
        private int terminatedText(int from, boolean ascii) {
            int marker = body.indexOf(from, end, (byte) 0xFC);
            if (marker < 0) {
                return UNCHECKED;
            }
            int found = ascii ? nonAscii(body, from, marker) : invalidText(body, from, marker);
            return found >= 0 ? invalidAt(found) : marker + 1;
        }

        private int checkedSkip(int from, int length) {
            return length > end - from ? UNCHECKED : from + length;
        }

        /** Returns the index after the variable-length integer at {@code from}: its last byte has bit 7 set. */
        private int skipVInt(int from) {
            if (from < 0) {
                return UNCHECKED;
            }
            for (int i = from; i < end && i < from + 10; i++) {
                if ((body.getByte(i) & 0x80) != 0) {
                    return i + 1;
                }
            }
            return UNCHECKED;
        }

        /** Returns the value of the variable-length integer at {@code from}, known to be complete. */
        private long vInt(int from) {
            long value = 0;
            for (int i = from;; i++) {
                int b = body.getUnsignedByte(i);
                if ((b & 0x80) != 0) {
                    return (value << 6) | (b & 0x3F);
                }
                value = (value << 7) | b;
                if (value > Integer.MAX_VALUE) {
                    return -1;
                }
            }
        }

        /** Skips data in 7-bit groups whose raw length is the variable-length integer at {@code lengthAt}. */
        private int sevenBitData(int dataAt, int lengthAt) {
            if (dataAt < 0) {
                return UNCHECKED;
            }
            long raw = vInt(lengthAt);
            if (raw < 0) {
                return UNCHECKED;
            }
            long encoded = raw / 7 * 8 + (raw % 7 == 0 ? 0 : raw % 7 + 1);
            return encoded > end - dataAt ? UNCHECKED : dataAt + (int) encoded;
        }

        /** Encodes "malformed text at index {@code i}" as a negative token result, distinct from UNCHECKED. */
        private static int invalidAt(int i) {
            return -(i + 3);
        }
    }

    // ---------------------------------------------------------------- UTF-8

    /** Goes on over ASCII bytes. */
    private static final ByteProcessor ASCII = value -> value >= 0;

    /** Goes on over ASCII bytes other than a quote or a backslash. */
    private static final ByteProcessor PLAIN_JSON = value -> value >= 0 && value != '"' && value != '\\';

    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final long ONES = 0x0101010101010101L;

    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /**
     * Returns whether {@code [start, end)} holds only ASCII bytes and no backslash, eight bytes at a time: a word with
     * no high bit set has a backslash where {@code word ^ BACKSLASHES} has a zero byte, which the classic
     * {@code (x - ONES) & ~x & HIGH_BITS} test finds exactly when no byte of {@code x} has its high bit set.
     */
    static boolean isAsciiWithoutEscapes(ByteBuf body, int start, int end) {
        int i = start;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = body.getLong(i);
            long x = word ^ BACKSLASHES;
            if ((word & HIGH_BITS) != 0 || ((x - ONES) & ~x & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            byte b = body.getByte(i);
            if (b < 0 || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Returns the index of the first byte in {@code [from, to)} that does not start a well-formed sequence, or -1. */
    static int invalidText(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            i = buf.forEachByte(i, to - i, ASCII);
            if (i < 0) {
                return -1;
            }
            int length = sequenceLength(buf, i, to);
            if (length < 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    private static int nonAscii(ByteBuf buf, int from, int to) {
        return from == to ? -1 : buf.forEachByte(from, to - from, ASCII);
    }

    /** Returns the length of the well-formed multi-byte sequence at {@code i}, ending by {@code to}, or -1. */
    private static int sequenceLength(ByteBuf buf, int i, int to) {
        int lead = buf.getUnsignedByte(i);
        if (lead < 0xC2) {
            return -1; // a continuation byte, or the lead of an overlong two-byte form
        }
        if (lead < 0xE0) {
            return continuation(buf, i + 1, to, 0x80, 0xBF) ? 2 : -1;
        }
        if (lead < 0xF0) {
            int low = lead == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            int high = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
            return continuation(buf, i + 1, to, low, high) && continuation(buf, i + 2, to, 0x80, 0xBF) ? 3 : -1;
        }
        if (lead < 0xF5) {
            int low = lead == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            int high = lead == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
            return continuation(buf, i + 1, to, low, high) && continuation(buf, i + 2, to, 0x80, 0xBF)
                    && continuation(buf, i + 3, to, 0x80, 0xBF) ? 4 : -1;
        }
        return -1;
    }

    private static boolean continuation(ByteBuf buf, int i, int to, int low, int high) {
        if (i >= to) {
            return false;
        }
        int b = buf.getUnsignedByte(i);
        return b >= low && b <= high;
    }
}
