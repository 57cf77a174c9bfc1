package io.waveflow.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A trace collector in the test JVM: an OTLP/HTTP endpoint on a free 127.0.0.1 port that keeps
 * the spans the local stack's services export ({@code POST /v1/traces}, protobuf, decoded with
 * the OpenTelemetry proto classes). One per JVM, started before the shared stack so its services
 * export here ({@link LocalStackExtension}); it keeps the newest {@value #KEPT} spans.
 */
final class OtlpReceiver {

    /** One span as exported: ids in lowercase hex, its service, and its string-valued attributes. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Span.SpanKind kind, Map<String, String> attributes) {

        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private static final int KEPT = 200_000;
    private static final String SERVICE_NAME = "service.name";
    private static final HexFormat HEX = HexFormat.of();

    private static OtlpReceiver shared;

    private final HttpServer server;
    private final Deque<ReceivedSpan> spans = new ArrayDeque<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** This JVM's receiver, started on first use; it runs until the JVM exits (a daemon thread serves it). */
    static synchronized OtlpReceiver shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", receiver::export);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver", e);
        }
    }

    /** The base URL the services export to, as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans of one trace received so far. */
    synchronized List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The spans received so far that carry {@code value} as attribute {@code key}. */
    synchronized List<ReceivedSpan> withAttribute(String key, String value) {
        return spans.stream().filter(span -> value.equals(span.attribute(key))).toList();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            }
            keep(request);
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(body) : body;
    }

    private synchronized void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = strings(resource.getResource().getAttributesList()).get(SERVICE_NAME);
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.addLast(new ReceivedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()),
                            HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                            strings(span.getAttributesList())));
                    if (spans.size() > KEPT) {
                        spans.removeFirst();
                    }
                }
            }
        }
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            values.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.toString();
            });
        }
        return values;
    }
}
