package dev.rpc.sample.client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample client: {@link InventoryTour} calls every method of the inventory server once, prints what
 * happened, and the process exits 0 when everything went as expected, 1 otherwise.
 */
@SpringBootApplication
public class InventoryClientApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(InventoryClientApplication.class, args)));
    }
}
