package org.greenai.tracker.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.examples.common.Options;
import org.greenai.tracker.micrometer.EnergyTrackerMetrics;
import org.greenai.tracker.report.EnergyReport;

/**
 * Trains like {@code train} while serving the tracker's live metrics in the Prometheus text format on
 * {@code http://127.0.0.1:PORT/metrics} (JDK HTTP server, loopback only). With {@code --linger-seconds S} the
 * final totals stay served for S seconds after training, so that a scraper sees the last values.
 */
final class PrometheusCommand {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusCommand() {
    }

    static EnergyReport run(Options options) throws IOException, InterruptedException {
        int lingerSeconds = options.lingerSeconds();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer server = startServer(registry, options.port());
        AtomicReference<EnergyTrackerMetrics> metrics = new AtomicReference<>();
        try {
            System.out.printf("Serving live metrics on http://127.0.0.1:%d/metrics%n", server.getAddress().getPort());
            EnergyReport report = TrainCommand.run(options, EnergyTracker.builder().project("greenai-example-mlp"),
                    tracker -> {
                        EnergyTrackerMetrics binder = new EnergyTrackerMetrics(tracker,
                                Tags.of("project", tracker.project()));
                        binder.bindTo(registry);
                        metrics.set(binder);
                    });
            if (lingerSeconds > 0) {
                System.out.printf("Training done; serving the final totals for %d s more%n", lingerSeconds);
                Thread.sleep(lingerSeconds * 1000L);
            }
            return report;
        } finally {
            EnergyTrackerMetrics binder = metrics.get();
            if (binder != null) {
                binder.close();
            }
            server.stop(0);
            registry.close();
        }
    }

    private static HttpServer startServer(PrometheusMeterRegistry registry, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (" + e.getMessage()
                    + "); choose another with --port", e);
        }
        server.createContext("/metrics", exchange -> serve(exchange, registry));
        server.start();
        return server;
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
