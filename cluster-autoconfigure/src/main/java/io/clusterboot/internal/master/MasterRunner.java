package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.ipc.MasterInfo;
import io.clusterboot.internal.master.MasterAction.ApplyConfiguration;
import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ListenerMode;
import io.clusterboot.internal.net.ReusePortReservation;
import io.clusterboot.internal.net.SharedListenSocket;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.session.MasterSessions;
import io.clusterboot.internal.session.SessionFile;
import io.clusterboot.internal.session.SessionServer;
import io.clusterboot.internal.session.SessionStore;
import io.clusterboot.internal.session.SessionStoreSettings;
import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.systemd.ListenDescriptors;
import io.clusterboot.internal.systemd.NotifySocket;
import io.clusterboot.internal.systemd.ServiceManager;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the master from its parts and runs it until the cluster stops: the pid file, the
 * listening sockets, the service manager's notify socket, the boot cache, the control
 * server (published for the control command), the session store, the descriptor server,
 * the signal handlers, the supervisor with what it starts from (the master it replaces, whether it
 * can be replaced), and what carries out its actions. The parts are closed in the
 * reverse order when it stops, so that the port is released and no file is left behind.
 *
 * @author ClusterBoot team
 */
public final class MasterRunner {

	private static final Logger logger = LoggerFactory.getLogger(MasterRunner.class);

	private MasterRunner() {
	}

	/**
	 * Runs the master.
	 * @param rules the settings the master's rules follow
	 * @param settings the start-up's settings
	 * @param launch the launching JVM's server settings and arguments
	 * @return the exit code for the master process
	 * @throws IOException if a socket or a file the master needs cannot be opened
	 * @throws InterruptedException if the master's thread is interrupted
	 */
	public static int run(MasterSettings rules, StartupSettings settings, LaunchEnvironment launch)
			throws IOException, InterruptedException {
		Predecessor predecessor = Predecessor.of(System.getenv());
		ListenDescriptors passed = MasterSockets.passed(launch);
		try (ClusterLogFile logFile = ClusterLogFile.takeOver((predecessor != null) ? predecessor.pid() : null);
				PidFile pidFile = pidFile(settings.pidFile(), predecessor);
				MasterSockets sockets = MasterSockets.open(launch, passed, predecessor);
				NotifySocket notifySocket = openNotifySocket()) {
			ListenSocket socket = sockets.server();
			Clock clock = MonotonicClock.startingNow();
			Supervisor.Succession succession = new Supervisor.Succession(
					(predecessor != null) ? predecessor.pid() : null,
					(predecessor != null) ? predecessor.scale() : null, upgradeUnavailable(socket));
			SessionStore sessionStore = (settings.sessions() != null) ? settings.sessions().createStore() : null;
			Supervisor supervisor = new Supervisor(rules, identity(sockets), succession, clock.instant(),
					new SecureRandom(), () -> (sessionStore != null) ? sessionStore.statistics() : null);
			Function<ApplyConfiguration, WorkerCommand> commands = (apply) -> workerCommand(
					apply.settings().workerJvmArgs(), apply.settings().workers(), launch);
			WorkerCommand command = workerCommand(settings.workerJvmArgs(), settings.workers(), launch);
			AtomicReference<Master> master = new AtomicReference<>();
			try (BootCache bootCache = BootCache.start(settings.bootCache(), command.application(),
					(status) -> notify(master.get(), status))) {
				EventQueue events = new EventQueue();
				master.set(new Master(supervisor, bootCache, clock, notifySocket, events));
				removeAbandonedControlDirectories();
				try (ControlServer control = ControlServer.start(master.get());
						MasterSessions sessions = startSessions(settings.sessions(), sessionStore, control, command,
								predecessor);
						DescriptorServer descriptors = startDescriptorServer(control, sockets.management());
						NonBlockingOutput.Installed output = NonBlockingOutput.installForStandardStreams();
						ConfigurationReader configurationReader = ConfigurationReader.ofCurrentProcess(launch.args(),
								control.socketPath().getParent(), settings.readTimeout())) {
					logger.info("Cluster master (pid {}) listening on {} ({} socket){}; starting {} worker(s)",
							ProcessHandle.current().pid(), MasterSockets.describe(socket.address()), socket.mode(),
							(sockets.management() != null)
									? ", management on " + MasterSockets.describe(sockets.management().address()) : "",
							succession.workers(rules));
					publish(control, command, socket, predecessor);
					MasterSignalHandlers.install(master.get());
					OrphanReaper.startIfInit();
					Path descriptorSocket = (descriptors != null) ? descriptors.socketPath() : null;
					ActionExecutor actions = new ActionExecutor(
							new WorkerLauncher(command, socket, control, bootCache, settings.servingNice(),
									descriptorSocket, (sessions != null) ? sessions.socketPath() : null,
									logFile.isWritten()),
							commands, bootCache, control, notifySocket, configurationReader,
							new SuccessorLauncher(WorkerCommand.ofCurrentProcess(List.of(), launch.args()).toList(),
									socket, control.socketPath(), descriptorSocket, pidFile),
							(predecessor != null) ? new PredecessorClient(predecessor, pidFile) : null, events,
							logFile);
					int exitCode = master.get().run(control, actions);
					logger.info("Cluster master stopped");
					return exitCode;
				}
			}
		}
	}

	private static WorkerCommand workerCommand(List<String> jvmArgs, int workers, LaunchEnvironment launch) {
		return WorkerCommand.ofCurrentProcess(WorkerJvmOptions.of(jvmArgs, workers, launch.hasManagementPort()),
				launch.args());
	}

	private static void removeAbandonedControlDirectories() {
		List<Path> removed = MasterDirectories.removeAbandoned(MasterDirectories.defaultBaseDirectory());
		if (!removed.isEmpty()) {
			logger.info("Removed {} control director{} left by masters that are gone, such as {}", removed.size(),
					(removed.size() == 1) ? "y" : "ies", removed.get(0));
		}
	}

	/**
	 * Tells the control command where to find this master, and which master it replaces.
	 * Without it the cluster still runs; only the command cannot reach it.
	 */
	private static void publish(ControlServer control, WorkerCommand command, ListenSocket socket,
			Predecessor predecessor) {
		try {
			Path jar = command.jar();
			control.publish(new MasterInfo(ProcessHandle.current().pid(), ClusterBootVersion.get(),
					ControlServer.PROTOCOL, (jar != null) ? jar.toRealPath().toString() : null,
					MasterSockets.describe(socket.address()), Instant.now(),
					(predecessor != null) ? predecessor.pid() : null,
					(jar != null) ? jar.toAbsolutePath().toString() : null));
		}
		catch (IOException ex) {
			logger.warn("The control command cannot find this master: {}", ex.toString());
		}
	}

	/**
	 * Tells the master of a change of the boot cache: the first look-up happens before
	 * there is a master, which reads the cache's status when it starts.
	 */
	private static void notify(Master master, ClusterStatus.BootCache status) {
		if (master != null) {
			master.bootCacheChanged(status);
		}
	}

	private static Supervisor.Identity identity(MasterSockets sockets) {
		ListenSocket socket = sockets.server();
		return new Supervisor.Identity(ProcessHandle.current().pid(), MasterSockets.describe(socket.address()),
				(sockets.management() != null) ? MasterSockets.describe(sockets.management().address()) : null,
				socket.mode().name(),
				(socket.mode() == ListenerMode.REUSE_PORT) ? ReusePortReservation.isMigrateRequestsEnabled() : null);
	}

	/**
	 * Returns the pid file, written unless this master replaces another: then it writes
	 * it once it took over.
	 */
	private static PidFile pidFile(Path path, Predecessor predecessor) throws IOException {
		if (path == null) {
			return null;
		}
		return (predecessor != null) ? PidFile.at(path) : PidFile.write(path);
	}

	/**
	 * Returns why this master cannot be replaced by a new one, or {@code null} if it can.
	 */
	private static String upgradeUnavailable(ListenSocket socket) {
		ProcessHandle self = ProcessHandle.current();
		String init;
		try {
			init = Files.readString(Path.of("/proc/1/comm")).trim();
		}
		catch (IOException ex) {
			init = null;
		}
		return UpgradeConditions.unavailable(socket instanceof SharedListenSocket, self.pid(),
				self.parent().map(ProcessHandle::pid).orElse(0L), init, System.getenv());
	}

	/**
	 * Starts serving the workers' sessions beside the control socket, with the control
	 * channel's token, on a socket and threads of its own: those of the master this one
	 * replaces, or those the previous master of the application kept.
	 */
	private static MasterSessions startSessions(SessionStoreSettings settings, SessionStore store,
			ControlServer control, WorkerCommand command, Predecessor predecessor) throws IOException {
		if (store == null) {
			return null;
		}
		SessionFile file = (settings.storeDirectory() != null)
				? SessionFile.of(settings.storeDirectory(), command.applicationKey()) : null;
		return MasterSessions.start(store, file, control.socketPath().getParent(), control.token(),
				predecessorSessions(predecessor));
	}

	private static MasterSessions.Predecessor predecessorSessions(Predecessor predecessor) {
		if (predecessor == null) {
			return null;
		}
		Path controlSocket = predecessor.controlSocket();
		try {
			return new MasterSessions.Predecessor(controlSocket.resolveSibling(SessionServer.SOCKET_FILE),
					MasterDirectories.readToken(controlSocket));
		}
		catch (IOException ex) {
			logger.warn("Cannot take the sessions of the master this one replaces over: {}", ex.toString());
			return null;
		}
	}

	private static DescriptorServer startDescriptorServer(ControlServer control, SharedListenSocket management)
			throws IOException {
		if (management == null) {
			return null;
		}
		return DescriptorServer.start(control.socketPath().getParent(),
				Map.of(DescriptorServer.MANAGEMENT_SOCKET, management.descriptor()));
	}

	private static NotifySocket openNotifySocket() {
		String name = System.getenv(ServiceManager.NOTIFY_SOCKET);
		return (name != null && Posix.isAvailable()) ? NotifySocket.open(name) : null;
	}

}
