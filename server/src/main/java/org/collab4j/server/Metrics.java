package org.collab4j.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latency histograms per route and status, in Prometheus' text format.
 * Routes are the matched path templates ({@code /v1/items/{id}}), so the label set stays small
 * whatever ids clients send.
 */
final class Metrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private static final class Route {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        Route() {
            for (int b = 0; b < buckets.length; b++) buckets[b] = new LongAdder();
        }
    }

    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

    void observe(String route, int status, double seconds) {
        Route r = routes.computeIfAbsent(route, k -> new Route());
        r.count.increment();
        r.sum.add(seconds);
        for (int b = 0; b < BUCKETS.length; b++) if (seconds <= BUCKETS[b]) r.buckets[b].increment();
        r.statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** The text exposition, with the gauges given (name to value) appended. */
    String render(Map<String, Number> gauges, Map<String, String> help) {
        StringBuilder sb = new StringBuilder(4096);
        Map<String, Route> sorted = new TreeMap<>(routes);
        sb.append("# HELP collab4j_http_requests_total HTTP requests answered, by route and status.\n");
        sb.append("# TYPE collab4j_http_requests_total counter\n");
        for (var e : sorted.entrySet()) {
            for (var s : new TreeMap<>(e.getValue().statuses).entrySet())
                sb.append("collab4j_http_requests_total{route=\"").append(esc(e.getKey())).append("\",status=\"")
                        .append(s.getKey()).append("\"} ").append(s.getValue().sum()).append('\n');
        }
        sb.append("# HELP collab4j_http_request_duration_seconds Time to answer a request, by route.\n");
        sb.append("# TYPE collab4j_http_request_duration_seconds histogram\n");
        for (var e : sorted.entrySet()) {
            String label = "route=\"" + esc(e.getKey()) + "\"";
            Route r = e.getValue();
            for (int b = 0; b < BUCKETS.length; b++)
                sb.append("collab4j_http_request_duration_seconds_bucket{").append(label).append(",le=\"").append(num(BUCKETS[b]))
                        .append("\"} ").append(r.buckets[b].sum()).append('\n');
            sb.append("collab4j_http_request_duration_seconds_bucket{").append(label).append(",le=\"+Inf\"} ").append(r.count.sum()).append('\n');
            sb.append("collab4j_http_request_duration_seconds_sum{").append(label).append("} ").append(num(r.sum.sum())).append('\n');
            sb.append("collab4j_http_request_duration_seconds_count{").append(label).append("} ").append(r.count.sum()).append('\n');
        }
        for (var g : gauges.entrySet()) {
            sb.append("# HELP ").append(g.getKey()).append(' ').append(help.getOrDefault(g.getKey(), g.getKey())).append('\n');
            sb.append("# TYPE ").append(g.getKey()).append(" gauge\n");
            sb.append(g.getKey()).append(' ').append(g.getValue()).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
