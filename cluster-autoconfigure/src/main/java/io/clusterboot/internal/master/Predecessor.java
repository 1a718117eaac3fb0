package io.clusterboot.internal.master;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The master a new master replaces in an upgrade, from the environment its predecessor
 * started it with ({@link SuccessorLauncher} sets it). Processes a master starts for
 * other reasons (workers, the JVM that reads a reload's settings) must not look like a
 * successor, so they start without these variables.
 *
 * @param pid its pid
 * @param controlSocket its control socket, to tell it when this master takes over
 * @param sockets where to fetch its listening sockets other than the one on standard
 * input, or {@code null}
 * @param scale how many workers it runs, or {@code null} if it did not say
 * @author ClusterBoot team
 */
record Predecessor(long pid, Path controlSocket, Path sockets, Supervisor.Scale scale) {

	/**
	 * The pid of the master a new master replaces.
	 */
	static final String PID = "CLUSTERBOOT_PREDECESSOR_PID";

	/**
	 * The control socket of the master a new master replaces, to tell it when it takes
	 * over.
	 */
	static final String CONTROL = "CLUSTERBOOT_PREDECESSOR_CONTROL";

	/**
	 * Where a new master fetches the listening sockets of the master it replaces other
	 * than the one on standard input.
	 */
	static final String SOCKETS = "CLUSTERBOOT_PREDECESSOR_SOCKETS";

	/**
	 * How many workers the master a new master replaces runs, and how many its settings
	 * ask for: {@code <workers>/<configured>}.
	 */
	static final String SCALE = "CLUSTERBOOT_PREDECESSOR_SCALE";

	private static final List<String> VARIABLES = List.of(PID, CONTROL, SOCKETS, SCALE);

	/**
	 * Reads the predecessor from an environment.
	 * @param environment the environment
	 * @return the predecessor, or {@code null} if this master replaces none
	 */
	static Predecessor of(Map<String, String> environment) {
		String pid = environment.get(PID);
		String control = environment.get(CONTROL);
		if (pid == null || control == null) {
			return null;
		}
		String sockets = environment.get(SOCKETS);
		return new Predecessor(Long.parseLong(pid), Path.of(control), (sockets != null) ? Path.of(sockets) : null,
				scale(environment.get(SCALE)));
	}

	/**
	 * Removes the variables that make a master a successor from the environment of a
	 * process it starts.
	 * @param environment the process's environment
	 */
	static void removeVariables(Map<String, String> environment) {
		VARIABLES.forEach(environment::remove);
	}

	private static Supervisor.Scale scale(String value) {
		String[] counts = (value != null) ? value.split("/") : new String[0];
		try {
			return (counts.length == 2) ? new Supervisor.Scale(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]))
					: null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
