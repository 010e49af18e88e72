package dev.rpc.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.netty.channel.WriteBufferWaterMark;

/** Checks shared by the client's and the server's settings; messages name the setting and the bad value. */
public final class Settings {

    private Settings() {
    }

    /** @throws IllegalArgumentException if the duration is null, zero or negative */
    public static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }

    /** @throws IllegalArgumentException if the frame limits are outside what the protocol allows */
    public static void requireFrameLimits(int maxFrameSize, int maxHeaderSize) {
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes: " + maxFrameSize);
        }
        if (maxHeaderSize < 64 || maxHeaderSize > 0xFFFF) {
            throw new IllegalArgumentException("maxHeaderSize must be within 64..65535 bytes: " + maxHeaderSize);
        }
    }

    /** @throws IllegalArgumentException if a write buffer high water mark is below 1024 bytes */
    public static void requireWriteBufferHighWaterMark(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("writeBufferHighWaterMark must be at least 1024 bytes: " + bytes);
        }
    }

    /** Returns the water marks of a channel: reading or sending stops above {@code high}, resumes below half of it. */
    public static WriteBufferWaterMark waterMarks(int high) {
        return new WriteBufferWaterMark(high / 2, high);
    }

    /** @throws IllegalArgumentException if a metadata key is not 1 to 255 UTF-8 bytes or its value over 65535 */
    public static void requireMetadataEntry(String key, String value) {
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 255
                || value.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("metadata key '" + key + "' must have 1 to 255 UTF-8 bytes and its "
                    + "value at most 65535");
        }
    }

    /** @throws IllegalArgumentException if an entry of the metadata is out of bounds; see {@link #requireMetadataEntry} */
    public static void requireMetadata(Map<String, String> metadata) {
        metadata.forEach(Settings::requireMetadataEntry);
    }
}
