package io.clusterboot.master;

import java.io.IOException;
import java.util.Map;

import io.clusterboot.ipc.ControlServer;
import io.clusterboot.net.ListenSocket;
import io.clusterboot.worker.WorkerIdentity;

/**
 * Forks worker processes: the worker command, the listening socket on standard input (or
 * the port to bind), and the worker's identity and control channel in its environment.
 *
 * @author ClusterBoot team
 */
class WorkerLauncher {

	private final WorkerCommand command;

	private final ListenSocket socket;

	private final ControlServer control;

	WorkerLauncher(WorkerCommand command, ListenSocket socket, ControlServer control) {
		this.command = command;
		this.socket = socket;
		this.control = control;
	}

	Process launch(long id, int slot, int generation, int count) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command.toList());
		Map<String, String> environment = builder.environment();
		environment.put(WorkerIdentity.ID, Long.toString(id));
		environment.put(WorkerIdentity.SLOT, Integer.toString(slot));
		environment.put(WorkerIdentity.GENERATION, Integer.toString(generation));
		environment.put(WorkerIdentity.COUNT, Integer.toString(count));
		environment.put(WorkerIdentity.CONTROL_SOCKET, this.control.socketPath().toString());
		this.socket.configure(builder);
		return builder.start();
	}

}
