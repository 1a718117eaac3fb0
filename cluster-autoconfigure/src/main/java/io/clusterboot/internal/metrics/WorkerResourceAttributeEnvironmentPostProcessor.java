package io.clusterboot.internal.metrics;

import java.util.Map;

import io.clusterboot.internal.worker.WorkerIdentity;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes a worker's slot an OpenTelemetry resource attribute ({@code worker}), as the
 * {@code worker} tag of its meters ({@link WorkerTagFilter}): the spans of a worker, and
 * what an OTLP registry sends, carry it. It sets
 * {@code management.opentelemetry.resource-attributes.worker}, which Spring Boot's
 * OpenTelemetry support reads, at the lowest precedence, so that the application's own
 * value wins; only in a worker of an application that has that support.
 *
 * @author ClusterBoot team
 */
public class WorkerResourceAttributeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source this adds, at the lowest precedence.
	 */
	public static final String PROPERTY_SOURCE_NAME = "clusterWorkerResourceAttributes";

	/**
	 * The property this sets.
	 */
	static final String PROPERTY = "management.opentelemetry.resource-attributes." + WorkerTagFilter.TAG;

	/**
	 * The class of Spring Boot's OpenTelemetry support that reads the property.
	 */
	static final String OPENTELEMETRY_PROPERTIES = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties";

	private final boolean openTelemetry;

	/**
	 * Creates the post-processor for the application's class path.
	 */
	public WorkerResourceAttributeEnvironmentPostProcessor() {
		this(ClassUtils.isPresent(OPENTELEMETRY_PROPERTIES, null));
	}

	WorkerResourceAttributeEnvironmentPostProcessor(boolean openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String slot = environment.getProperty("cluster.worker.slot");
		if (!this.openTelemetry || environment.getProperty(WorkerIdentity.ID_PROPERTY) == null || slot == null) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PROPERTY, slot)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
