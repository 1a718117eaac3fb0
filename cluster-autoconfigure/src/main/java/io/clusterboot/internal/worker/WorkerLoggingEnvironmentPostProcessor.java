package io.clusterboot.internal.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import io.clusterboot.internal.bootcache.BootCache;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LogFile;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes a worker's log lines say which worker wrote them, unless the application sets the
 * same properties itself:
 * <ul>
 * <li>a line of Spring Boot's default pattern shows the worker's slot and id in its level
 * part ({@code logging.pattern.level});</li>
 * <li>a line of a structured format ({@code logging.structured.format.console}) has the
 * worker's slot, id and generation as members ({@code logging.structured.json.add}):
 * {@code cluster.worker.slot} and so on, nested in ECS, and
 * {@code _cluster_worker_slot} and so on in GELF, whose additional fields start with an
 * underscore. The master passes such lines on as they are.</li>
 * </ul>
 * When the master writes the log file ({@value #MASTER_WRITES_LOG_FILE} in the
 * environment), the worker does not open it: its lines reach the file through the
 * master, which is its one writer. The actuator's {@code logfile} endpoint of the worker
 * still reads it. Nor does the boot cache's training run open it, whose output goes to
 * the cache's training log: it would be a second writer while the cluster serves.
 *
 * @author ClusterBoot team
 */
public class WorkerLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source of defaults this adds, at the lowest precedence.
	 */
	public static final String PROPERTY_SOURCE_NAME = "clusterWorkerLogging";

	/**
	 * The name of the property source that keeps the worker from opening the log file,
	 * at the highest precedence.
	 */
	public static final String LOG_FILE_PROPERTY_SOURCE_NAME = "clusterWorkerLogFile";

	/**
	 * Environment variable the master sets to {@code true} in a worker's environment when
	 * it writes the log file for the cluster. Its name binds to no property.
	 */
	public static final String MASTER_WRITES_LOG_FILE = "CLUSTERBOOT_MASTER_WRITES_LOG_FILE";

	private static final String LEVEL_PATTERN = "logging.pattern.level";

	private static final String ADD = "logging.structured.json.add";

	private static final String LOGFILE_ENDPOINT_FILE = "management.endpoint.logfile.external-file";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		boolean training = environment.containsProperty(BootCache.TRAINING_ENVIRONMENT);
		if (training || Boolean.parseBoolean(environment.getProperty(MASTER_WRITES_LOG_FILE))) {
			leaveLogFileToMaster(environment, defaults);
		}
		String id = environment.getProperty(WorkerIdentity.ID_PROPERTY);
		String slot = environment.getProperty("cluster.worker.slot");
		if (id != null && slot != null) {
			identifyLines(environment, defaults, id, slot);
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static void identifyLines(ConfigurableEnvironment environment, Map<String, Object> defaults, String id,
			String slot) {
		if (!environment.containsProperty(LEVEL_PATTERN)) {
			defaults.put(LEVEL_PATTERN, "%5p [worker " + slot + " #" + id + "]");
		}
		String prefix = "gelf".equalsIgnoreCase(environment.getProperty("logging.structured.format.console"))
				? "_cluster_worker_" : "cluster.worker.";
		putMember(defaults, prefix + "slot", slot);
		putMember(defaults, prefix + "id", id);
		putMember(defaults, prefix + "generation", environment.getProperty("cluster.worker.generation"));
	}

	/**
	 * Keeps this JVM from opening the log file, which the master writes; the actuator's
	 * {@code logfile} endpoint still reads it, unless the application points it elsewhere.
	 */
	private static void leaveLogFileToMaster(ConfigurableEnvironment environment, Map<String, Object> defaults) {
		LogFile logFile = LogFile.get(environment);
		if (logFile == null) {
			return;
		}
		defaults.put(LOGFILE_ENDPOINT_FILE, logFile.toString());
		environment.getPropertySources()
			.addFirst(new MapPropertySource(LOG_FILE_PROPERTY_SOURCE_NAME,
					Map.of(LogFile.FILE_NAME_PROPERTY, "", LogFile.FILE_PATH_PROPERTY, "")));
	}

	/**
	 * Adds a member to structured log lines, named in brackets so that dots stay in the
	 * name and an underscore is kept. Spring Boot merges the map's entries of all property
	 * sources: a member the application adds under the same name wins.
	 */
	private static void putMember(Map<String, Object> defaults, String name, String value) {
		if (value != null) {
			defaults.put(ADD + "[" + name + "]", value);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
