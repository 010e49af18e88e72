package dev.rpc.core.internal.codec;

/**
 * A decoded frame, as {@link FrameDecoder} hands it to the next handler. Frames that hold a body
 * ({@link RequestFrame}, {@link ResponseFrame}) must be released by whoever consumes them.
 */
public sealed interface Frame permits RequestFrame, ResponseFrame, ControlFrame, RejectedFrame {

    /** Returns the frame's request id. */
    long requestId();
}
