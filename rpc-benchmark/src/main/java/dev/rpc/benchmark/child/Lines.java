package dev.rpc.benchmark.child;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The line protocol between the harness and its child JVMs, on their standard streams: a keyword, then
 * {@code key=value} pairs separated by spaces (values never contain spaces), e.g.
 * {@code RESULT phase=latency calls=30000 p50=81.3}.
 */
public final class Lines {

    /** Server: bound and serving. */
    public static final String READY = "READY";
    /** Client: a phase starts. */
    public static final String PHASE = "PHASE";
    /** Client: the figures of a phase. */
    public static final String RESULT = "RESULT";
    /** Either side: JVM figures. */
    public static final String STATS = "STATS";
    /** Client: every phase is done. */
    public static final String DONE = "DONE";
    /** Server: closed. */
    public static final String STOPPED = "STOPPED";
    /** Harness to server: report {@link #STATS}. */
    public static final String CMD_STATS = "stats";
    /** Harness to server: close and exit. */
    public static final String CMD_STOP = "stop";

    private Lines() {
    }

    /** Formats a line. */
    public static String format(String keyword, Map<String, ?> values) {
        StringBuilder line = new StringBuilder(keyword);
        values.forEach((key, value) -> line.append(' ').append(key).append('=')
                .append(String.valueOf(value).replace(' ', '_')));
        return line.toString();
    }

    /** Returns whether {@code line} starts with {@code keyword}. */
    public static boolean is(String line, String keyword) {
        return line.equals(keyword) || line.startsWith(keyword + " ");
    }

    /** Parses the pairs of a line. */
    public static Map<String, String> parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] words = line.trim().split(" ");
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                values.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return values;
    }
}
