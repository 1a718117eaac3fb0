package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.support.JvmOptionVariables;
import io.clusterboot.internal.systemd.ServiceManager;

/**
 * The side of a master upgrade of the master that is replaced: it starts its successor
 * with its own command line (the jar on disk, the same java command and options), the
 * listening socket on standard input as its workers get it, where to fetch the other
 * sockets from its descriptor server, and its own standard output and error, which
 * outlive it. The successor learns from its environment whom it replaces
 * ({@link Predecessor}), and takes over through {@link PredecessorClient}; once this
 * master handed the service over, it leaves the pid file, which the successor wrote.
 *
 * @author ClusterBoot team
 */
final class SuccessorLauncher {

	private final List<String> command;

	private final ListenSocket socket;

	private final Path controlSocket;

	private final Path descriptorSocket;

	private final PidFile pidFile;

	/**
	 * Creates the launcher of a master's successors.
	 * @param command the master's own command line
	 * @param socket the listening socket a successor serves
	 * @param controlSocket this master's control socket
	 * @param descriptorSocket where a successor fetches the other listening sockets, or
	 * {@code null} if there are none
	 * @param pidFile the pid file, to leave once this master handed over; or
	 * {@code null}
	 */
	SuccessorLauncher(List<String> command, ListenSocket socket, Path controlSocket, Path descriptorSocket,
			PidFile pidFile) {
		this.command = List.copyOf(command);
		this.socket = socket;
		this.controlSocket = controlSocket;
		this.descriptorSocket = descriptorSocket;
		this.pidFile = pidFile;
	}

	/**
	 * Starts the master that replaces this one.
	 * @param scale the workers this master runs
	 * @return its process
	 * @throws IOException if it cannot be started
	 */
	Process start(Supervisor.Scale scale) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		Map<String, String> environment = builder.environment();
		// the sockets come on standard input and from the descriptor server
		ServiceManager.removeListenVariables(environment);
		Predecessor.removeVariables(environment);
		JvmOptionVariables.remove(environment);
		environment.put(Predecessor.PID, Long.toString(ProcessHandle.current().pid()));
		environment.put(Predecessor.CONTROL, this.controlSocket.toString());
		environment.put(Predecessor.SCALE, scale.workers() + "/" + scale.configuredWorkers());
		if (this.descriptorSocket != null) {
			environment.put(Predecessor.SOCKETS, this.descriptorSocket.toString());
		}
		this.socket.configure(builder);
		return builder.start();
	}

	/**
	 * Records that this master handed the service over to its successor, which writes
	 * the pid file now: this master leaves it when it exits.
	 */
	void handedOver() {
		if (this.pidFile != null) {
			this.pidFile.handedOver();
		}
	}

}
