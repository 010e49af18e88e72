package dev.rpc.spring.boot.autoconfigure.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property tables of README.md: every Markdown table whose header starts with {@code | key | default |},
 * wherever it is. A row's first cell names one key in backticks, or several, where the ones after the first
 * are written relative to it ({@code `...credentials.username`, `.password`} or
 * {@code `...ssl.trust-store`, `trust-store-password`}): each replaces as many trailing segments of the first
 * key as it has.
 */
final class ReadmePropertyTables {

    private static final Pattern HEADER = Pattern.compile("^\\|\\s*key\\s*\\|\\s*default\\s*\\|.*");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** A cell separator: a pipe that is not escaped. */
    private static final Pattern CELL = Pattern.compile("(?<!\\\\)\\|");

    private ReadmePropertyTables() {
    }

    /**
     * One key a README table documents.
     * @param key the key as written, placeholders such as {@code <key>} included
     * @param defaultCell the default column, trimmed, as written
     * @param line the row's line number, from 1
     * @param section the heading the table is under
     */
    record DocumentedKey(String key, String defaultCell, int line, String section) {

        /** Returns the key with every placeholder written as {@code *}. */
        String pattern() {
            return ConfigurationKeys.pattern(this.key);
        }

        /** Returns the default when the cell is exactly one code span, such as {@code `5s`}; else {@code null}. */
        String literalDefault() {
            Matcher matcher = CODE.matcher(this.defaultCell);
            return (matcher.matches()) ? matcher.group(1) : null;
        }

        /** Returns whether the cell says there is no default. */
        boolean saysNone() {
            return this.defaultCell.startsWith("none");
        }

        String where() {
            return "README.md line " + this.line + " (under '" + this.section + "')";
        }
    }

    static List<DocumentedKey> read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<DocumentedKey> keys = new ArrayList<>();
        String section = "";
        boolean inTable = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "");
            }
            if (HEADER.matcher(line).matches()) {
                inTable = true;
                i++; // the |---|---| line
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (inTable) {
                String[] cells = CELL.split(line);
                // cells[0] is the empty text before the first pipe
                List<String> names = names(cells[1]);
                if (names.isEmpty()) {
                    throw new IllegalStateException("README.md line " + (i + 1) + " is a row of a property table "
                            + "without a key in backticks: " + line);
                }
                for (String name : names) {
                    keys.add(new DocumentedKey(name, cells[2].trim(), i + 1, section));
                }
            }
        }
        return keys;
    }

    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        String first = null;
        while (matcher.find()) {
            String written = matcher.group(1);
            if (first == null) {
                first = written;
                names.add(written);
            }
            else {
                names.add(relativeTo(first, written.startsWith(".") ? written.substring(1) : written));
            }
        }
        return names;
    }

    private static String relativeTo(String first, String relative) {
        String[] segments = first.split("\\.");
        int replaced = relative.split("\\.").length;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < segments.length - replaced; i++) {
            key.append(segments[i]).append('.');
        }
        return key.append(relative).toString();
    }
}
