package org.collab4j.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error pages as the API's JSON error shape. Jetty answers some requests itself before
 * the application sees them (a request line or header it cannot parse, a URI or header too
 * long, an ambiguous path, two Content-Lengths, a missing Host, HTTP/0.9); this handler makes
 * those bodies {@code {"error": ..., "status": ...}} too, never HTML.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) return ByteBuffer.allocate(0);
        fields.put(HttpHeader.CONTENT_TYPE, Requests.JSON_TYPE);
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = response.getStatus();
        Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        baseRequest.setHandled(true);
        if (HttpStatus.hasNoBody(status)) return;
        response.setContentType(Requests.JSON_TYPE);
        byte[] b = body(status, reason instanceof String s ? s : null);
        response.setContentLength(b.length);
        response.getOutputStream().write(b);
    }

    static byte[] body(int status, String reason) {
        return Json.bytes(new Replies.Error(message(status, reason), status, Map.of()));
    }

    /** Jetty's reason when it is plain words, else the status' standard text; never a Java name. */
    static String message(int status, String reason) {
        String standard = HttpStatus.getMessage(status);
        String why = reason != null && reason.matches("[A-Za-z0-9 ,.:'()/-]{1,100}") && !reason.contains("java.")
                && !reason.contains("Exception") && !reason.equalsIgnoreCase(standard) ? reason : null;
        String base = switch (status) {
            case 400 -> "bad request";
            case 414 -> "the request URI is too long (at most 8 KiB)";
            case 431 -> "the request headers are too large (at most 8 KiB)";
            case 505 -> "HTTP version not supported; use HTTP/1.1";
            case 413 -> "request body too large (at most " + ServerConfig.MAX_BODY + " bytes)";
            default -> standard == null ? "error" : standard.toLowerCase(java.util.Locale.ROOT);
        };
        return why == null ? base : base + ": " + why.toLowerCase(java.util.Locale.ROOT);
    }
}
