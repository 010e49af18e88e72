package dev.rpc.benchmark.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the JFR recordings of a {@code --jfr} run (the same events {@code jfr print --events
 * jdk.ExecutionSample} shows): hot methods by samples on top of the stack, the {@code dev.rpc} frames closest
 * to the top, and allocation by class and by site, weighted by bytes.
 */
final class JfrSummary {

    private static final int TOP = 12;

    private JfrSummary() {
    }

    /** Writes {@code profile-<name>.txt} into {@code resultsDir} per recording; returns the report's markdown. */
    static List<String> summarise(Path workDir, Path resultsDir) {
        List<String> markdown = new ArrayList<>();
        List<Path> recordings;
        try (Stream<Path> files = Files.list(workDir)) {
            recordings = files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList();
        }
        catch (IOException ex) {
            return List.of("(no recordings: " + ex + ")");
        }
        for (Path recording : recordings) {
            String name = recording.getFileName().toString().replace(".jfr", "");
            try {
                Profile profile = Profile.read(recording);
                String text = profile.text(40);
                Files.writeString(resultsDir.resolve("profile-" + name + ".txt"), text, StandardCharsets.UTF_8);
                markdown.add("### " + name);
                markdown.add("");
                markdown.add("```");
                markdown.add(profile.text(TOP).trim());
                markdown.add("```");
                markdown.add("");
            }
            catch (IOException | RuntimeException ex) {
                markdown.add("### " + name + ": unreadable (" + ex + ")");
                markdown.add("");
            }
        }
        return markdown;
    }

    private static final class Profile {

        final Map<String, Long> topFrames = new HashMap<>();

        final Map<String, Long> topOwnFrames = new HashMap<>();

        final Map<String, Long> allocatedClasses = new HashMap<>();

        final Map<String, Long> allocationSites = new HashMap<>();

        long samples;

        long allocated;

        static Profile read(Path recording) throws IOException {
            Profile profile = new Profile();
            try (RecordingFile file = new RecordingFile(recording)) {
                while (file.hasMoreEvents()) {
                    RecordedEvent event = file.readEvent();
                    String type = event.getEventType().getName();
                    if (type.equals("jdk.ExecutionSample")) {
                        profile.sample(event.getStackTrace());
                    }
                    else if (type.equals("jdk.ObjectAllocationSample")) {
                        profile.allocation(event);
                    }
                }
            }
            return profile;
        }

        void sample(RecordedStackTrace stack) {
            if (stack == null || stack.getFrames().isEmpty()) {
                return;
            }
            samples++;
            topFrames.merge(frame(stack.getFrames().get(0)), 1L, Long::sum);
            String own = firstOwn(stack);
            if (own != null) {
                topOwnFrames.merge(own, 1L, Long::sum);
            }
        }

        void allocation(RecordedEvent event) {
            long weight = event.getLong("weight");
            allocated += weight;
            allocatedClasses.merge(event.getClass("objectClass").getName(), weight, Long::sum);
            RecordedStackTrace stack = event.getStackTrace();
            if (stack != null && !stack.getFrames().isEmpty()) {
                String own = firstOwn(stack);
                allocationSites.merge(frame(stack.getFrames().get(0)) + (own == null ? "" : "  <- " + own), weight, Long::sum);
            }
        }

        /** The first frame of this project's code (rpc-core or the benchmark), from the top. */
        private static String firstOwn(RecordedStackTrace stack) {
            for (RecordedFrame frame : stack.getFrames()) {
                if (frame.isJavaFrame() && frame.getMethod().getType().getName().startsWith("dev.rpc.")) {
                    return frame(frame);
                }
            }
            return null;
        }

        private static String frame(RecordedFrame frame) {
            String type = frame.getMethod().getType().getName();
            return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
        }

        String text(int top) {
            StringBuilder text = new StringBuilder();
            text.append("execution samples: ").append(samples).append('\n');
            text.append("hot methods (top frame, % of samples):\n");
            append(text, topFrames, samples, top, false);
            text.append("first dev.rpc frame from the top (% of samples):\n");
            append(text, topOwnFrames, samples, top, false);
            text.append(String.format(Locale.ROOT, "allocation (sampled, %.0f MiB in all) by class:%n", allocated / 1048576.0));
            append(text, allocatedClasses, allocated, top, true);
            text.append("allocation by site (top frame  <- first dev.rpc frame):\n");
            append(text, allocationSites, allocated, top, true);
            return text.toString();
        }

        private static void append(StringBuilder text, Map<String, Long> counts, long total, int top, boolean bytes) {
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(top)
                    .forEach(e -> text.append(String.format(Locale.ROOT, "  %5.1f%%  %s%s%n", 100.0 * e.getValue() / Math.max(1, total),
                            e.getKey(), bytes ? String.format(Locale.ROOT, "  (%.0f MiB)", e.getValue() / 1048576.0) : "")));
        }
    }
}
