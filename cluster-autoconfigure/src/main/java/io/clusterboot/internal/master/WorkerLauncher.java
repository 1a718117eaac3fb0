package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.bootcache.Launch;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.session.SessionServer;
import io.clusterboot.internal.support.JvmOptionVariables;
import io.clusterboot.internal.systemd.ServiceManager;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.internal.worker.WorkerLoggingEnvironmentPostProcessor;

/**
 * Forks worker processes: the worker command (from the boot cache where it is ready),
 * with a debugger agent of its own where it gets one, the listening socket on standard
 * input (or the port to bind), and the worker's identity, control channel, where to
 * fetch the master's other listening sockets and where its session store listens in its
 * environment.
 *
 * @author ClusterBoot team
 */
class WorkerLauncher {

	private volatile WorkerCommand command;

	private final ListenSocket socket;

	private final ControlServer control;

	private final BootCache bootCache;

	private final String servingNice;

	private final boolean masterWritesLogFile;

	private final Path descriptorSocket;

	private final Path sessionSocket;

	/**
	 * Creates a launcher.
	 * @param servingNice the nice value serving workers take so that a starting one gets
	 * more of the CPU, in a scheduling group of their own; {@code null} leaves their
	 * scheduling alone
	 * @param descriptorSocket where workers fetch the master's other listening sockets,
	 * {@code null} if it has none
	 * @param sessionSocket where the master's session store listens, {@code null} if the
	 * master keeps no sessions
	 * @param masterWritesLogFile whether the master writes the log file: then workers
	 * do not open it
	 */
	WorkerLauncher(WorkerCommand command, ListenSocket socket, ControlServer control, BootCache bootCache,
			String servingNice, Path descriptorSocket, Path sessionSocket, boolean masterWritesLogFile) {
		this.masterWritesLogFile = masterWritesLogFile;
		this.descriptorSocket = descriptorSocket;
		this.sessionSocket = sessionSocket;
		this.command = command;
		this.socket = socket;
		this.control = control;
		this.bootCache = bootCache;
		this.servingNice = servingNice;
	}

	/**
	 * Starts workers with another command from now on: a reload read other JVM options
	 * for them.
	 * @param command the new command
	 */
	void use(WorkerCommand command) {
		this.command = command;
	}

	/**
	 * Forks a worker.
	 * @param id its id
	 * @param slot its slot
	 * @param generation its generation
	 * @param count the number of workers the cluster runs
	 * @param debugAddress where its debugger agent is to listen, or {@code null} for none
	 * @return its process
	 * @throws IOException if it cannot be forked
	 */
	Launched launch(long id, int slot, int generation, int count, DebugAddress debugAddress) throws IOException {
		Launch launch = (debugAddress != null) ? this.bootCache.launchWithDebugger() : this.bootCache.launch();
		List<String> added = new ArrayList<>(launch.jvmArguments());
		if (debugAddress != null) {
			added.add(debugAddress.agentOption());
		}
		ProcessBuilder builder = new ProcessBuilder(
				launch.fromCache() ? this.command.withJar(launch.jar(), added) : this.command.toList(added));
		Map<String, String> environment = builder.environment();
		ServiceManager.removeVariables(environment);
		Predecessor.removeVariables(environment);
		JvmOptionVariables.remove(environment);
		environment.put(WorkerIdentity.ID, Long.toString(id));
		environment.put(WorkerIdentity.SLOT, Integer.toString(slot));
		environment.put(WorkerIdentity.GENERATION, Integer.toString(generation));
		environment.put(WorkerIdentity.COUNT, Integer.toString(count));
		environment.put(WorkerIdentity.CONTROL_SOCKET, this.control.socketPath().toString());
		if (this.servingNice != null) {
			environment.put(WorkerIdentity.SERVING_NICE, this.servingNice);
		}
		if (this.descriptorSocket != null) {
			environment.put(DescriptorServer.SOCKET_VARIABLE, this.descriptorSocket.toString());
		}
		if (this.sessionSocket != null) {
			environment.put(SessionServer.SOCKET_VARIABLE, this.sessionSocket.toString());
		}
		environment.remove(WorkerLoggingEnvironmentPostProcessor.MASTER_WRITES_LOG_FILE);
		if (this.masterWritesLogFile) {
			environment.put(WorkerLoggingEnvironmentPostProcessor.MASTER_WRITES_LOG_FILE, "true");
		}
		if (launch.fromCache()) {
			environment.put(BootCache.ARCHIVE_ENVIRONMENT, launch.archive().toString());
		}
		this.socket.configure(builder);
		return new Launched(builder.start(), launch.fromCache());
	}

	/**
	 * A worker process just forked.
	 *
	 * @param process the process
	 * @param fromBootCache whether it starts from the boot cache
	 */
	record Launched(Process process, boolean fromBootCache) {
	}

}
