package io.clusterboot.internal.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * Spring Boot's {@code /actuator/prometheus} for a worker of a cluster: the worker that
 * takes a scrape answers with the meters of every serving worker, each series tagged with
 * its worker's slot ({@code worker}), and the per-cluster meters once, in one exposition
 * ({@link ExpositionMerge}), so that a Prometheus that scrapes the cluster's one port
 * sees the whole application on every scrape. The others' expositions come through the
 * master ({@link ClusterScrapes}), within a bound; one that does not come in time is
 * left out, never failing the scrape.
 * <p>
 * It answers in the Prometheus text format or OpenMetrics, as asked; a request for
 * Prometheus' protobuf format, which only a scraper that also accepts the text formats
 * sends, gets OpenMetrics.
 *
 * @author ClusterBoot team
 */
@WebEndpoint(id = "prometheus")
public class ClusterPrometheusScrapeEndpoint extends PrometheusScrapeEndpoint {

	private final ClusterScrapes scrapes;

	/**
	 * Creates the endpoint, which answers the other workers' requests from now on.
	 * @param registry this worker's Prometheus registry
	 * @param exporterProperties the Prometheus client's properties
	 * @param scrapes gathers the other workers' expositions and answers their requests
	 */
	public ClusterPrometheusScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties,
			ClusterScrapes scrapes) {
		super(registry, exporterProperties);
		this.scrapes = scrapes;
		scrapes.answerWith(this::scrapeThisWorker);
	}

	@Override
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		PrometheusOutputFormat text = (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF)
				? PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100 : format;
		List<ClusterScrapes.Exposition> others = this.scrapes.gather(text.name(), includedNames);
		List<String> expositions = new ArrayList<>(others.size() + 1);
		expositions.add(scrapeThisWorker(text.name(), includedNames));
		others.forEach((other) -> expositions.add(other.text()));
		String merged = ExpositionMerge.merge(expositions,
				text == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100);
		return new WebEndpointResponse<>(merged.getBytes(StandardCharsets.UTF_8), text);
	}

	private String scrapeThisWorker(String format, @Nullable Set<String> names) {
		byte[] body = super.scrape(PrometheusOutputFormat.valueOf(format), names).getBody();
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
	}

}
