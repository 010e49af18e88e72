package dev.rpc.spring.boot.autoconfigure.metadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.rpc.spring.boot.autoconfigure.metadata.ConfigurationKeys.Key;
import dev.rpc.spring.boot.autoconfigure.metadata.ReadmePropertyTables.DocumentedKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the generated configuration metadata and README's property tables to each other, so that a key
 * added to one and forgotten in the other fails the build with a message that says which key and where.
 */
class ConfigurationMetadataTests {

    private static final Path README = Path.of("..", "README.md");

    private static Map<String, Key> keys;

    private static Map<String, List<String>> hints;

    private static List<DocumentedKey> documented;

    @BeforeAll
    static void read() throws Exception {
        ConfigurationKeys metadata = ConfigurationKeys.read(ConfigurationKeys.generatedMetadata());
        keys = metadata.keys();
        hints = metadata.hints();
        documented = ReadmePropertyTables.read(README);
    }

    @Test
    void theMetadataAndTheReadmeHaveKeys() {
        assertThat(keys).containsKeys("rpc.server.port", "rpc.client.timeout", "rpc.client.services.*.address",
                "rpc.discovery.zookeeper.connect-string", "management.health.rpc.enabled");
        assertThat(documented).extracting(DocumentedKey::pattern)
                .contains("rpc.server.port", "rpc.client.services.*.credentials.password");
    }

    @Test
    void everyKeyOfTheMetadataHasADescription() {
        List<String> undescribed = keys.values().stream()
                .filter(key -> key.source().equals("spring-configuration-metadata.json"))
                .filter(key -> key.description() == null || key.description().isBlank())
                .map(key -> key.name() + " (" + key.type() + ")")
                .toList();
        assertThat(undescribed)
                .as("keys without a description in spring-configuration-metadata.json: give the field a Javadoc "
                        + "comment, or add a description to META-INF/additional-spring-configuration-metadata.json")
                .isEmpty();
    }

    @Test
    void everyKeyIsInAReadmeTable() {
        Set<String> inReadme = documented.stream().map(DocumentedKey::pattern).collect(Collectors.toSet());
        List<String> missing = keys.values().stream()
                .filter(key -> !inReadme.contains(key.name()))
                .filter(key -> !isMap(key))
                .map(key -> key.name() + " (from " + key.source() + "): add it to the table under "
                        + closestSection(key.name()))
                .toList();
        assertThat(missing)
                .as("keys of the starter that no README.md table ('| key | default | meaning |', such as those of "
                        + "'Configuration reference') documents; add a row for each, writing a map's key as <key>")
                .isEmpty();
    }

    @Test
    void everyReadmeKeyIsAKeyOfTheStarter() {
        List<String> unknown = documented.stream()
                .filter(key -> !keys.containsKey(key.pattern()))
                .map(key -> key.where() + ": " + key.key())
                .toList();
        assertThat(unknown)
                .as("keys README.md documents that are not configuration keys of the starter (neither in "
                        + "spring-configuration-metadata.json nor a setting of a map's values): fix the name, or "
                        + "remove the row")
                .isEmpty();
    }

    @Test
    void readmeDefaultsAreTheDefaultsOfTheMetadata() {
        List<String> wrong = new ArrayList<>();
        for (DocumentedKey documentedKey : documented) {
            Key key = keys.get(documentedKey.pattern());
            if (key == null) {
                continue; // reported by everyReadmeKeyIsAKeyOfTheStarter
            }
            String written = documentedKey.literalDefault();
            if (written != null && !isKey(written) && !written.equals(key.defaultValue())) {
                wrong.add(documentedKey.where() + ": " + key.name() + " defaults to `" + written + "` in README.md but to "
                        + (key.defaultValue() == null ? "nothing" : "'" + key.defaultValue() + "'") + " in the metadata ("
                        + key.source() + ")");
            }
            if (documentedKey.saysNone() && key.defaultValue() != null) {
                wrong.add(documentedKey.where() + ": " + key.name() + " has no default in README.md but '"
                        + key.defaultValue() + "' in the metadata (" + key.source() + ")");
            }
        }
        assertThat(wrong)
                .as("defaults that README.md and the metadata disagree on; a default the configuration processor "
                        + "cannot infer goes in META-INF/additional-spring-configuration-metadata.json")
                .isEmpty();
    }

    @Test
    void everyEnumerationHasAValueHintForEachConstant() {
        List<String> wrong = new ArrayList<>();
        for (Key key : keys.values()) {
            Class<?> enumType = ConfigurationKeys.frameworkEnum(key);
            if (enumType == null) {
                continue;
            }
            Set<String> constants = Arrays.stream(enumType.getEnumConstants())
                    .map(constant -> relaxed(((Enum<?>) constant).name()))
                    .collect(Collectors.toCollection(TreeSet::new));
            List<String> values = hints.get(key.name());
            if (values == null) {
                wrong.add(key.name() + " (" + enumType.getSimpleName() + ") has no value hints; list " + constants);
                continue;
            }
            Set<String> hinted = values.stream()
                    .map(value -> relaxed(value.split(" : ")[0]))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!hinted.equals(constants)) {
                wrong.add(key.name() + " hints " + hinted + " but " + enumType.getSimpleName() + " has " + constants);
            }
            values.stream()
                    .filter(value -> !value.contains(" : "))
                    .forEach(value -> wrong.add(key.name() + " hints '" + value + "' without a description"));
        }
        assertThat(wrong)
                .as("enumerations whose value hints in META-INF/additional-spring-configuration-metadata.json do not "
                        + "list exactly their constants, each with a description")
                .isEmpty();
    }

    /** Returns the section of the documented key that shares the most leading segments with a key. */
    private static String closestSection(String key) {
        DocumentedKey closest = null;
        int longest = -1;
        for (DocumentedKey candidate : documented) {
            int shared = sharedSegments(key, candidate.pattern());
            if (shared > longest) {
                longest = shared;
                closest = candidate;
            }
        }
        return (closest != null) ? "'" + closest.section() + "' (near line " + closest.line() + " of README.md)" : "?";
    }

    private static int sharedSegments(String key, String other) {
        String[] a = key.split("\\.");
        String[] b = other.split("\\.");
        int shared = 0;
        while (shared < Math.min(a.length, b.length) && a[shared].equals(b[shared])) {
            shared++;
        }
        return shared;
    }

    /** A map is documented through the keys under it: {@code <map>.<key>}, or its values' settings. */
    private static boolean isMap(Key key) {
        return key.type() != null && key.type().startsWith("java.util.Map<");
    }

    private static boolean isKey(String text) {
        return text.startsWith("rpc.");
    }

    /** How Spring Boot's binder compares an enum constant with a value: case, dashes and underscores aside. */
    private static String relaxed(String value) {
        return value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
