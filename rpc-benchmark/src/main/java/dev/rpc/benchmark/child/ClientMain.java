package dev.rpc.benchmark.child;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rpc.benchmark.plan.Phase;
import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.Contenders;
import dev.rpc.benchmark.spi.EchoConnection;
import dev.rpc.benchmark.workload.Payload;
import dev.rpc.benchmark.workload.PayloadTemplate;

/**
 * The client JVM of one contender: runs the phases given on the command line against one server and prints
 * {@link Lines#RESULT} per phase, then {@link Lines#STATS} and {@link Lines#DONE}, on standard output.
 *
 * <pre>java -cp ... dev.rpc.benchmark.child.ClientMain CONTENDER HOST PORT [--smoke] PHASE...</pre>
 *
 * With {@code --smoke} every answer is compared in full, and after the phases the JVM collects garbage
 * between a few more calls, so that Netty's leak detector (paranoid in smoke runs) reports on both sides.
 */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = Protocol.takeStdout();
        Contender contender = Contenders.byId(args[0]).load();
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        boolean smoke = false;
        List<Phase> phases = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--smoke")) {
                smoke = true;
            }
            else {
                phases.add(Phase.decode(args[i]));
            }
        }
        if (smoke) {
            Protocol.collectGarbageEvery(500);
        }
        LoadDriver driver = new LoadDriver(smoke);
        Contender.Clients single = null;
        try {
            for (Phase phase : phases) {
                out.println(Lines.format(Lines.PHASE, Map.of("phase", phase.name())));
                Map<String, Object> result;
                if (phase.connections() == 1) {
                    if (single == null) {
                        single = contender.connect(host, port, 1);
                    }
                    result = run(driver, phase, single);
                }
                else {
                    try (Contender.Clients clients = contender.connect(host, port, phase.connections())) {
                        result = run(driver, phase, clients);
                    }
                }
                out.println(Lines.format(Lines.RESULT, result));
            }
            if (smoke && single != null) {
                Map<String, Object> leakRounds = new LinkedHashMap<>();
                leakRounds.put("phase", "leak-rounds");
                leakRounds.put("errors", afterGcRounds(single.connections().get(0)));
                out.println(Lines.format(Lines.RESULT, leakRounds));
            }
        }
        finally {
            if (single != null) {
                single.close();
            }
        }
        out.println(Lines.format(Lines.STATS, JvmStats.collect()));
        out.println(Lines.DONE);
        out.flush();
        System.exit(0);
    }

    private static Map<String, Object> run(LoadDriver driver, Phase phase, Contender.Clients clients) throws Exception {
        return switch (phase.kind()) {
            case LATENCY -> driver.latency(phase, clients.connections().get(0));
            case THROUGHPUT, BLOCKING_SERVICE -> driver.throughput(phase, clients.connections());
        };
    }

    /** A tracked buffer is reported only when an allocation follows its collection: collect, then call. */
    private static int afterGcRounds(EchoConnection connection) {
        PayloadTemplate template = PayloadTemplate.of("large");
        int errors = 0;
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 50; i++) {
                Payload request = template.request(round * 100 + i);
                try {
                    if (!request.equals(connection.echo(request))) {
                        errors++;
                    }
                }
                catch (Exception ex) {
                    errors++;
                }
            }
        }
        return errors;
    }
}
