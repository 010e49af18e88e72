package dev.rpc.benchmark.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are, from where this module's classes were loaded ({@code target/rpc-benchmark.jar} or
 * {@code target/classes}): the contenders' classpaths in {@code target/lib}, scratch files in
 * {@code target/bench-work}, reports in the module's {@code results/} folder (or
 * {@code ./rpc-benchmark-results} when the jar runs outside the source tree).
 *
 * @param self the jar or classes folder, first on every child JVM's classpath
 * @param target the folder holding it
 * @param lib {@code harness/} and one folder per contender classpath
 * @param resultsRoot where timestamped report folders go
 */
public record Layout(Path self, Path target, Path lib, Path resultsRoot) {

    /**
     * Finds the layout.
     * @throws IllegalStateException if the classpaths were not built
     */
    public static Layout detect() {
        Path self;
        try {
            self = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        }
        catch (java.net.URISyntaxException ex) {
            throw new IllegalStateException("cannot locate the benchmark's classes", ex);
        }
        Path target = self.getParent();
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(lib.resolve("harness"))) {
            throw new IllegalStateException("no classpaths in " + lib
                    + "; build first: ./mvnw -B -q -pl rpc-benchmark -am package -DskipTests");
        }
        Path module = target.getParent();
        Path results = module != null && Files.exists(module.resolve("pom.xml")) ? module.resolve("results")
                : Path.of("rpc-benchmark-results");
        return new Layout(self, target, lib, results);
    }

    /** Scratch space of one run: logs, JFR recordings, the child JVMs' working directories. */
    public Path workDir(String run) {
        return target.resolve("bench-work").resolve(run);
    }
}
