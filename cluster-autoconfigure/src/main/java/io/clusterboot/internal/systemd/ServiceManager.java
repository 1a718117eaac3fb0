package io.clusterboot.internal.systemd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a service manager such as systemd passes to the master in its environment: the
 * listening sockets ({@code LISTEN_FDS}, {@code LISTEN_PID} and {@code LISTEN_FDNAMES},
 * socket activation) and
 * the socket to report the service's state to ({@code NOTIFY_SOCKET}, {@code Type=notify}).
 * Both are meant for the master alone: workers are started without them.
 *
 * @author ClusterBoot team
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
	 * The name ({@code FileDescriptorName=} of a socket unit, {@code --fdname} of
	 * {@code systemd-socket-activate}) of the socket to serve as the management port.
	 */
	public static final String MANAGEMENT_NAME = "management";

	/**
	 * The first descriptor the service manager passes ({@code SD_LISTEN_FDS_START}).
	 */
	static final int FIRST_DESCRIPTOR = 3;

	private static final List<String> LISTEN_VARIABLES = List.of(LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES);

	private ServiceManager() {
	}

	/**
	 * Returns the listening sockets the service manager passed to this process, as
	 * {@code sd_listen_fds_with_names} reads them: descriptors passed to another process
	 * (a {@code LISTEN_PID} that is not this one's) are not this process's to use. The
	 * socket named {@value #MANAGEMENT_NAME} is the management port's, any other the
	 * server port's.
	 * @param environment the process environment
	 * @param pid this process's id
	 * @return the descriptors, {@link ListenDescriptors#NONE} when none was passed
	 * @throws InvalidListenSocketException if the variables are malformed or pass more
	 * than one socket for either port
	 */
	public static ListenDescriptors listenDescriptors(Map<String, String> environment, long pid) {
		String fds = environment.get(LISTEN_FDS);
		String listenPid = environment.get(LISTEN_PID);
		if (fds == null && listenPid == null) {
			return ListenDescriptors.NONE;
		}
		long target = parse(LISTEN_PID, listenPid);
		if (target != pid) {
			return ListenDescriptors.NONE;
		}
		long count = parse(LISTEN_FDS, fds);
		if (count > 2) {
			throw new InvalidListenSocketException(LISTEN_FDS + "=" + fds, "the service manager passed " + count
					+ " sockets; the master serves two at most, the server port's and the management port's",
					"Give the service's socket unit one ListenStream= for the server port, and one more with "
							+ "FileDescriptorName=" + MANAGEMENT_NAME + " for management.server.port if the "
							+ "actuator has a port of its own.");
		}
		List<String> names = names(environment.get(LISTEN_FDNAMES), (int) count);
		OptionalInt server = OptionalInt.empty();
		OptionalInt management = OptionalInt.empty();
		for (int i = 0; i < count; i++) {
			boolean forManagement = MANAGEMENT_NAME.equals(names.get(i));
			if ((forManagement ? management : server).isPresent()) {
				throw new InvalidListenSocketException(LISTEN_FDS + "=" + fds + " " + LISTEN_FDNAMES + "="
						+ environment.getOrDefault(LISTEN_FDNAMES, "(unset)"),
						"two sockets are for the " + (forManagement ? "management" : "server") + " port",
						"Name the management port's socket FileDescriptorName=" + MANAGEMENT_NAME
								+ " in its socket unit (systemd-socket-activate: --fdname=server:"
								+ MANAGEMENT_NAME + ") and leave the other unnamed or named otherwise.");
			}
			if (forManagement) {
				management = OptionalInt.of(FIRST_DESCRIPTOR + i);
			}
			else {
				server = OptionalInt.of(FIRST_DESCRIPTOR + i);
			}
		}
		return new ListenDescriptors(server, management);
	}

	/**
	 * Returns the name of each passed descriptor: as many as were passed, "unknown" (as
	 * systemd names them) where the variable is unset.
	 */
	private static List<String> names(String variable, int count) {
		if (variable == null) {
			return Collections.nCopies(count, "unknown");
		}
		List<String> names = (count > 0) ? Arrays.asList(variable.split(":", -1)) : List.of();
		if (names.size() != count) {
			throw new InvalidListenSocketException(LISTEN_FDNAMES + "=" + variable,
					"it names " + names.size() + " socket(s) but " + LISTEN_FDS + " passes " + count,
					"Start the master from a systemd socket unit or systemd-socket-activate, which set the two "
							+ "variables together.");
		}
		return names;
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
		removeListenVariables(environment);
		environment.remove(NOTIFY_SOCKET);
	}

	/**
	 * Removes the passed sockets from a child's environment, and keeps the notification
	 * socket: the new master of an upgrade takes the sockets from its predecessor, and
	 * reports the service's state once it took over.
	 * @param environment the child's environment
	 */
	public static void removeListenVariables(Map<String, String> environment) {
		LISTEN_VARIABLES.forEach(environment::remove);
	}

}
