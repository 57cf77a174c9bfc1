package io.waveflow.local;

import io.waveflow.infra.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's) scrapes the running local stack the way an operator's would, with
 * the stack's read token, and loads the shipped alert rules. Every metric that the rules and the
 * dashboard name must then exist in Prometheus: an alert on a metric nobody exports never fires.
 */
@ExtendWith(LocalStackExtension.class)
class PrometheusScrapeIT {

    /** A metric name, with the job it is selected from when an expression names one. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:waveflow|kafka)_[a-z0-9_]+)\\b(\\{job=\\\\?\"[a-z-]+\\\\?\"\\})?");
    private static final Path OPS = AlertRulesIT.repoRoot().resolve("ops");

    @RegisterExtension
    static final StackClient client = new StackClient();

    private static Process prometheus;
    private static Path workDir;
    private static URI api;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Path binary = DebianTools.require("/usr/bin/prometheus", "prometheus");
        LocalStack stack = client.stack();
        workDir = Files.createTempDirectory("waveflow-prometheus-it");
        Path token = workDir.resolve("read-token");
        Files.writeString(token, stack.readToken());
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n  - ").append(OPS.resolve("prometheus/alerts.yml")).append('\n')
                .append("scrape_configs:\n");
        for (Service service : Service.values()) {
            URI url = stack.serviceUrl(service);
            config.append("  - job_name: ").append(service.module()).append('\n')
                    .append("    metrics_path: /actuator/prometheus\n")
                    .append("    authorization:\n      type: Bearer\n      credentials_file: ").append(token).append('\n')
                    .append("    static_configs:\n      - targets: ['").append(url.getHost()).append(':')
                    .append(url.getPort()).append("']\n");
        }
        Path configFile = workDir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        int port = FreePorts.pick();
        api = URI.create("http://127.0.0.1:" + port);
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(api.resolve("/-/ready")) == 200);
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void shouldScrapeEveryServiceWithTheReadTokenAndFindEveryMetricTheRulesAndTheDashboardName() throws Exception {
        await("every target up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode targets = query("/api/v1/targets").path("data").path("activeTargets");
                    assertThat(targets).hasSize(Service.values().length);
                    for (JsonNode target : targets) {
                        assertThat(target.path("health").asString()).as("%s: %s", target.path("labels").path("job"),
                                target.path("lastError")).isEqualTo("up");
                    }
                });
        JsonNode rules = query("/api/v1/rules").path("data").path("groups");
        assertThat(rules).as("the alert rules loaded").isNotEmpty();
        assertThat(rules.get(0).path("rules")).hasSizeGreaterThanOrEqualTo(8);

        Set<String> named = new TreeSet<>();
        named.addAll(metricsIn(OPS.resolve("prometheus/alerts.yml")));
        named.addAll(metricsIn(OPS.resolve("grafana/waveflow.json")));
        assertThat(named).contains("waveflow_projections_oldest_in_flight_seconds", "waveflow_workflow_streams_running",
                "kafka_consumer_fetch_manager_records_lag_max{job=\"workflow-streams\"}");

        await("every named metric scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<String> missing = new ArrayList<>();
                    for (String metric : named) {
                        JsonNode series = query("/api/v1/series?match%5B%5D=" + URLEncoder.encode(metric,
                                StandardCharsets.UTF_8)).path("data");
                        if (series.isEmpty()) {
                            missing.add(metric);
                        }
                    }
                    assertThat(missing).as("named in ops/ but exported by no service").isEmpty();
                });
    }

    private static Set<String> metricsIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2).replace("\\", "")));
        }
        return names;
    }

    private static JsonNode query(String pathAndQuery) {
        HttpJson.Response response = client.http().get(api.resolve(pathAndQuery));
        assertThat(response.status()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return response.json();
    }

    private static int status(URI uri) {
        try {
            return client.http().get(uri).status();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
