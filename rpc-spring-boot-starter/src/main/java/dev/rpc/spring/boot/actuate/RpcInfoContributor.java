package dev.rpc.spring.boot.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import dev.rpc.core.protocol.Protocol;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code rpc} to the {@code info} endpoint: the framework's version and the protocol version it speaks
 * ({@code {"rpc": {"version": "0.1.0-SNAPSHOT", "protocolVersion": 1}}}).
 */
public class RpcInfoContributor implements InfoContributor {

    private static final String VERSION_RESOURCE = "rpc-version.properties";

    private final Map<String, Object> details;

    /** Creates the contributor, reading the framework's version once. */
    public RpcInfoContributor() {
        Map<String, Object> rpc = new LinkedHashMap<>();
        rpc.put("version", frameworkVersion());
        rpc.put("protocolVersion", Protocol.VERSION);
        this.details = Map.copyOf(rpc);
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("rpc", details);
    }

    /** Returns the version the build wrote next to this class. */
    static String frameworkVersion() {
        try (InputStream in = RpcInfoContributor.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, ex);
        }
    }
}
