package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.internal.ipc.ControlJson;
import io.clusterboot.internal.ipc.MalformedMessageException;

import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code cluster.*} settings of an application as its environment resolves them (the
 * jar's configuration files, profiles, the process environment and the command line),
 * flattened to text, so that a JVM of a new jar can hand them to the master that reloads
 * to it, and the master binds them the way it bound its own at start.
 *
 * @author ClusterBoot team
 */
public final class ClusterConfiguration {

	/**
	 * Set in the environment of a JVM started only to read its configuration: where to
	 * write it.
	 */
	public static final String OUTPUT_VARIABLE = "CLUSTERBOOT_CONFIGURATION_OUTPUT";

	private ClusterConfiguration() {
	}

	/**
	 * Writes the {@code cluster.*} settings an environment resolves: each value the
	 * binder takes, from the source of highest precedence that has it, under the name
	 * the binder asked for (so that {@code CLUSTER_STARTUP_TIMEOUT} is written as
	 * {@code cluster.startup-timeout}).
	 * @param environment the environment
	 * @param file where to write them
	 * @throws IOException if the file cannot be written
	 */
	public static void write(ConfigurableEnvironment environment, Path file) throws IOException {
		Map<String, String> values = new TreeMap<>();
		Binder.get(environment).bindOrCreate("cluster", Bindable.of(ClusterProperties.class), new BindHandler() {

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				ConfigurationProperty property = context.getConfigurationProperty();
				if (property != null && property.getValue() != null) {
					values.put(property.getName().toString(),
							environment.resolvePlaceholders(String.valueOf(property.getValue())));
				}
				return result;
			}

		});
		Files.write(file, ControlJson.write(values));
	}

	/**
	 * Reads what {@link #write} wrote and binds it.
	 * @param file the file
	 * @return the settings
	 * @throws IOException if the file cannot be read or holds no such settings
	 */
	static ClusterProperties read(Path file) throws IOException {
		Object value;
		try {
			value = ControlJson.read(Files.readAllBytes(file));
		}
		catch (MalformedMessageException ex) {
			throw new IOException("Unreadable configuration: " + ex.getMessage(), ex);
		}
		if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
			throw new IOException("Unreadable configuration: not an object of text values");
		}
		return bind(map);
	}

	private static ClusterProperties bind(Map<?, ?> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("cluster",
				ClusterProperties.class);
	}

}
