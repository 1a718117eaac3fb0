package io.clusterboot.systemd;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a service manager such as systemd passes to the master in its environment: a
 * listening socket ({@code LISTEN_FDS} and {@code LISTEN_PID}, socket activation) and
 * the socket to report the service's state to ({@code NOTIFY_SOCKET}, {@code Type=notify}).
 * Both are meant for the master alone: workers are started without them.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public final class ServiceManager {

	/**
	 * How many descriptors the service manager passed, from descriptor 3 on.
	 */
	public static final String LISTEN_FDS = "LISTEN_FDS";

	/**
	 * The process the passed descriptors are meant for.
	 */
	public static final String LISTEN_PID = "LISTEN_PID";

	/**
	 * The names of the passed descriptors.
	 */
	public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";

	/**
	 * The datagram socket that takes the service's state.
	 */
	public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

	/**
	 * The first descriptor the service manager passes ({@code SD_LISTEN_FDS_START}).
	 */
	static final int FIRST_DESCRIPTOR = 3;

	private static final List<String> VARIABLES = List.of(LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES, NOTIFY_SOCKET);

	private ServiceManager() {
	}

	/**
	 * Returns the listening socket the service manager passed to this process, as
	 * {@code sd_listen_fds} reads it: descriptors passed to another process (a
	 * {@code LISTEN_PID} that is not this one's) are not this process's to use.
	 * @param environment the process environment
	 * @param pid this process's id
	 * @return the descriptor, or empty when none was passed
	 * @throws InvalidListenSocketException if the variables are malformed or pass more
	 * than one socket
	 */
	public static OptionalInt listenDescriptor(Map<String, String> environment, long pid) {
		String fds = environment.get(LISTEN_FDS);
		String listenPid = environment.get(LISTEN_PID);
		if (fds == null && listenPid == null) {
			return OptionalInt.empty();
		}
		long target = parse(LISTEN_PID, listenPid);
		if (target != pid) {
			return OptionalInt.empty();
		}
		long count = parse(LISTEN_FDS, fds);
		if (count == 0) {
			return OptionalInt.empty();
		}
		if (count != 1) {
			throw new InvalidListenSocketException(LISTEN_FDS + "=" + fds,
					"the service manager passed " + count + " sockets; the master serves one, the server port's",
					"Give the service's socket unit one ListenStream= (the server port).");
		}
		return OptionalInt.of(FIRST_DESCRIPTOR);
	}

	private static long parse(String name, String value) {
		if (value != null && value.matches("[0-9]{1,9}")) {
			return Long.parseLong(value);
		}
		throw new InvalidListenSocketException(name + "=" + ((value != null) ? value : "(unset)"),
				"socket activation needs both " + LISTEN_FDS + " and " + LISTEN_PID + " as whole numbers",
				"Start the master from a systemd socket unit or systemd-socket-activate, which set both, "
						+ "or unset both.");
	}

	/**
	 * Removes what the service manager passed from a child's environment: the socket is
	 * the master's (a worker serves it on its standard input), and so is reporting the
	 * service's state.
	 * @param environment the child's environment
	 */
	public static void removeVariables(Map<String, String> environment) {
		VARIABLES.forEach(environment::remove);
	}

}
