package dev.rpc.benchmark.child;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpc.benchmark.spi.Contender;
import dev.rpc.benchmark.spi.Contenders;

/**
 * The server JVM of one contender. Prints {@link Lines#READY} with host, port and pid once it serves, then
 * obeys commands on standard input: {@code stats} prints {@link Lines#STATS}; {@code stop} (or the end of
 * input, when the harness dies) closes the server and exits.
 *
 * <pre>java -cp ... dev.rpc.benchmark.child.ServerMain CONTENDER [--smoke]</pre>
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = Protocol.takeStdout();
        Contender contender = Contenders.byId(args[0]).load();
        if (args.length > 1 && args[1].equals("--smoke")) {
            Protocol.collectGarbageEvery(500);
        }
        Contender.Server server = contender.startServer();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("host", server.host());
        ready.put("port", server.port());
        ready.put("pid", ProcessHandle.current().pid());
        out.println(Lines.format(Lines.READY, ready));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.equals(Lines.CMD_STATS)) {
                out.println(Lines.format(Lines.STATS, JvmStats.collect()));
            }
            else if (command.equals(Lines.CMD_STOP)) {
                break;
            }
        }
        server.close();
        out.println(Lines.STOPPED);
        out.flush();
        System.exit(0);
    }
}
