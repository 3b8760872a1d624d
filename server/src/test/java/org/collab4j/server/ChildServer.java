package org.collab4j.server;

import java.nio.file.Path;

/** A server in its own JVM, for the crash test: prints "PORT n" once listening, then serves until killed. */
public final class ChildServer {
    public static void main(String[] args) throws Exception {
        Server s = Server.start(new ServerConfig(Path.of(args[0]), "127.0.0.1", 0, args.length > 1 ? args[1] : null, null));
        System.out.println("PORT " + s.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
