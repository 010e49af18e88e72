package dev.rpc.discovery.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.rpc.core.discovery.ServiceInstance;
import dev.rpc.discovery.zookeeper.ProviderEntries.MalformedEntryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The znode data of a provider: what is written, and everything wrong that may be read instead. */
class ProviderEntriesTests {

    private static final String SERVICE = "billing.Invoices";

    @Test
    void entryRoundTrips() {
        ServiceInstance instance = new ServiceInstance(SERVICE, "10.0.0.7", 9090, Map.of("weight", "2", "zone", "eu-1"));
        byte[] data = ProviderEntries.encode(instance);
        assertThat(new String(data, StandardCharsets.UTF_8))
                .isEqualTo("{\"host\":\"10.0.0.7\",\"port\":9090,\"metadata\":{\"weight\":\"2\",\"zone\":\"eu-1\"}}");
        assertThat(ProviderEntries.nodeName(instance)).isEqualTo("10.0.0.7:9090");
        assertThat(ProviderEntries.decode(SERVICE, "10.0.0.7:9090", data, 1024)).isEqualTo(instance);
    }

    @Test
    void ipv6HostIsBracketedInTheNodeName() {
        ServiceInstance instance = new ServiceInstance(SERVICE, "::1", 9090, Map.of());
        assertThat(ProviderEntries.nodeName(instance)).isEqualTo("[::1]:9090");
        assertThat(ProviderEntries.decode(SERVICE, "[::1]:9090", ProviderEntries.encode(instance), 1024)).isEqualTo(instance);
    }

    @Test
    void unknownFieldsAndMissingMetadataAreAccepted() {
        byte[] data = "{\"host\":\"h\",\"port\":1,\"protocol\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ProviderEntries.decode(SERVICE, "h:1", data, 1024)).isEqualTo(new ServiceInstance(SERVICE, "h", 1, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            h:1 | ''                                              | it has no data
            h:1 | {"host":"h","port":1                            | its data is not valid JSON
            h:1 | {"host":"h","port":1} trailing                  | its data is not valid JSON
            h:1 | {"host":"h","host":"i","port":1}                | its data is not valid JSON
            h:1 | "h:1"                                           | its data is not a JSON object
            h:1 | null                                            | its data is not a JSON object
            h:1 | {"port":1}                                      | its host is missing
            h:1 | {"host":"  ","port":1}                          | its host is missing
            h:1 | {"host":7,"port":1}                             | its host is missing
            h:0 | {"host":"h","port":0}                           | its port is missing or not an integer within 1..65535
            h:1 | {"host":"h","port":"1"}                         | its port is missing
            h:1 | {"host":"h","port":1.5}                         | its port is missing
            h:1 | {"host":"h","port":99999999999}                 | its port is missing
            h:1 | {"host":"h"}                                    | its port is missing
            h:1 | {"host":"h","port":1,"metadata":[]}             | its metadata is not a JSON object
            h:1 | {"host":"h","port":1,"metadata":{"weight":2}}   | one of its metadata values is not a string
            h:2 | {"host":"h","port":1}                           | its name is not the host:port of its data
            """)
    void malformedEntryIsRefusedSayingWhy(String name, String json, String reason) {
        assertThatExceptionOfType(MalformedEntryException.class)
                .isThrownBy(() -> ProviderEntries.decode(SERVICE, name, json.getBytes(StandardCharsets.UTF_8), 1024))
                .withMessageStartingWith(reason);
    }

    /** The reason is logged: nothing read from the entry may reach the log, whatever the entry holds. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            h:1 | s3cret                                          | its data is not valid JSON (at line 1, column
            h:1 | {"host":"h","port":1} s3cret                    | its data is not valid JSON (at line 1, column
            h:1 | {"host":"h","s3cret":1,"s3cret":2,"port":1}     | its data is not valid JSON (at line 1, column
            h:1 | {"host":"h","port":"s3cret"}                    | its port is missing or not an integer within 1..65535
            h:1 | {"host":"h","port":73155}                       | its port is missing or not an integer within 1..65535
            h:1 | {"host":"h","port":1,"metadata":{"s3cret":2}}   | one of its metadata values is not a string
            h:1 | {"host":"s3cret","port":73}                     | its name is not the host:port of its data
            """)
    void refusedEntrysReasonNeverQuotesTheEntry(String name, String json, String reason) {
        assertThatExceptionOfType(MalformedEntryException.class)
                .isThrownBy(() -> ProviderEntries.decode(SERVICE, name, json.getBytes(StandardCharsets.UTF_8), 1024))
                .satisfies(ex -> assertThat(ex.getMessage()).startsWith(reason)
                        .doesNotContain("s3cret").doesNotContain("73"));
    }

    @Test
    void oversizedEntryIsRefusedBeforeItIsParsed() {
        byte[] data = ("{\"host\":\"h\",\"port\":1,\"metadata\":{\"pad\":\"" + "x".repeat(300) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatExceptionOfType(MalformedEntryException.class)
                .isThrownBy(() -> ProviderEntries.decode(SERVICE, "h:1", data, 256))
                .withMessage("its data of " + data.length + " bytes exceeds the limit of 256");
    }
}
