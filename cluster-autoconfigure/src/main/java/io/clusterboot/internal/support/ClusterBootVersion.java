package io.clusterboot.internal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of ClusterBoot, as the build wrote it into the jar: the master records it
 * for the control command, which tells an operator when the two differ.
 *
 * @author ClusterBoot team
 */
public final class ClusterBootVersion {

	private static final String VERSION = load();

	private ClusterBootVersion() {
	}

	/**
	 * Returns the version of ClusterBoot.
	 * @return the version, such as {@code 0.1.0}
	 */
	public static String get() {
		return VERSION;
	}

	private static String load() {
		try (InputStream in = ClusterBootVersion.class.getResourceAsStream("/io/clusterboot/version.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
