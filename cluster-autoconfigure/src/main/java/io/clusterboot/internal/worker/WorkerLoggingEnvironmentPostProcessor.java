package io.clusterboot.internal.worker;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the worker's slot and id in every log line of a worker that uses Spring Boot's
 * default log pattern, through the level part of the pattern
 * ({@code logging.pattern.level}), unless the application sets that property itself.
 * Log files written by workers then show which worker wrote each line.
 *
 * @author ClusterBoot team
 */
public class WorkerLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source this adds, at the lowest precedence.
	 */
	public static final String PROPERTY_SOURCE_NAME = "clusterWorkerLogging";

	private static final String LEVEL_PATTERN = "logging.pattern.level";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String id = environment.getProperty(WorkerIdentity.ID_PROPERTY);
		String slot = environment.getProperty("cluster.worker.slot");
		if (id == null || slot == null || environment.containsProperty(LEVEL_PATTERN)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(LEVEL_PATTERN, "%5p [worker " + slot + " #" + id + "]")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
