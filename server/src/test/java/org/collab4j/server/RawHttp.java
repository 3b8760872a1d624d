package org.collab4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Bytes on a socket to a server on loopback, for requests no well-behaved client sends; one request per connection. */
final class RawHttp {
    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Server.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as ISO-8859-1 bytes and reads the reply (until the connection closes or the body ends). */
    static Reply send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), null);
    }

    /** Sends {@code head}, then {@code body} (when not null) from a stream, stopping early if the server stops reading. */
    static Reply send(int port, byte[] head, InputStream body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            if (body != null) {
                byte[] buf = new byte[16384];
                try {
                    for (int n; (n = body.read(buf)) > 0; ) out.write(buf, 0, n);
                } catch (SocketException e) {
                    // the server closed the connection after answering: read its answer below
                }
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headEnd = -1;
        long length = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = -1;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                byte[] b = all.toByteArray();
                if (headEnd < 0) {
                    String text = new String(b, StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end < 0) continue;
                    headEnd = end + 4;
                    String[] lines = text.substring(0, end).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int k = 1; k < lines.length; k++) {
                        int c = lines[k].indexOf(':');
                        if (c > 0) headers.put(lines[k].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[k].substring(c + 1).trim());
                    }
                    if (headers.containsKey("content-length")) length = Long.parseLong(headers.get("content-length"));
                }
                if (length >= 0 && b.length - headEnd >= length) break;
            }
        } catch (SocketException e) {
            // reset after the answer: what was read is the answer
        }
        byte[] b = all.toByteArray();
        if (status < 0) throw new IOException("no HTTP answer (" + b.length + " bytes: " + new String(b, StandardCharsets.ISO_8859_1) + ")");
        String body = new String(b, headEnd, b.length - headEnd, StandardCharsets.UTF_8);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
        return new Reply(status, headers, body);
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < s.length()) {
            int nl = s.indexOf("\r\n", at);
            if (nl < 0) break;
            int n = Integer.parseInt(s.substring(at, nl).trim(), 16);
            if (n == 0) break;
            out.append(s, nl + 2, Math.min(s.length(), nl + 2 + n));
            at = nl + 2 + n + 2;
        }
        return out.toString();
    }
}
