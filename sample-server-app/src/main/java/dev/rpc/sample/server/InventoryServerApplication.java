package dev.rpc.sample.server;

import dev.rpc.spring.boot.server.RpcServerStartedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;

/** The sample server: exports {@link InMemoryInventoryService} on {@code rpc.server.port}. */
@SpringBootApplication
public class InventoryServerApplication {

    private static final Logger logger = LoggerFactory.getLogger(InventoryServerApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(InventoryServerApplication.class, args);
    }

    /** Says where to find the server; the demo script waits for this line. */
    @EventListener
    public void ready(RpcServerStartedEvent event) {
        logger.info("Inventory server ready on port {}", event.getPort());
    }
}
