package org.collab4j.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server in its own JVM, for the crash and multi-server tests: prints "PORT n" once listening,
 * then serves until killed.
 */
public final class ChildServer {
    public static void main(String[] args) throws Exception {
        Server s = Server.start(new ServerConfig(Path.of(args[0]), "127.0.0.1", 0, args.length > 1 ? args[1] : null, null));
        System.out.println("PORT " + s.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts a child JVM serving {@code model}, with the feedback database {@code db} (null: none). */
    static Process start(Path model, String db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ChildServer.class.getName(), model.toString()));
        if (db != null) command.add(db);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** The port the child says it listens on, once it does. */
    static int port(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) if (line.startsWith("PORT ")) return Integer.parseInt(line.substring(5).trim());
        throw new AssertionError("the child server did not start");
    }
}
