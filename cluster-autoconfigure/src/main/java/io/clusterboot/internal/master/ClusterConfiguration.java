package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.clusterboot.internal.ipc.ControlJson;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.MalformedMessageException;

/**
 * The settings of the master's rules as a JVM of a new jar resolves them (the jar's
 * configuration files, profiles, the process environment and the command line), written
 * to a file as JSON, so that the master that reloads to that jar reads them without
 * binding {@code cluster.*} itself.
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
	 * Writes the settings that a JVM of the new jar bound, checked and resolved.
	 * @param settings the settings
	 * @param file where to write them
	 * @throws IOException if the file cannot be written
	 */
	public static void write(MasterSettings settings, Path file) throws IOException {
		Files.write(file, ControlJson.write(ControlRecords.toValue(settings)));
	}

	/**
	 * Reads what {@link #write} wrote.
	 * @param file the file
	 * @return the settings
	 * @throws IOException if the file cannot be read or holds no such settings
	 */
	static MasterSettings read(Path file) throws IOException {
		try {
			return ControlRecords.fromValue(ControlJson.read(Files.readAllBytes(file)), MasterSettings.class);
		}
		catch (MalformedMessageException ex) {
			throw new IOException("Unreadable configuration: " + ex.getMessage(), ex);
		}
	}

}
