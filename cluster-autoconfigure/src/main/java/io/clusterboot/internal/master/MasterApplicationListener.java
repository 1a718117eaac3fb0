package io.clusterboot.internal.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.autoconfigure.WorkersAboveMaximumException;
import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MasterInfo;
import io.clusterboot.internal.master.MasterSuccession.Predecessor;
import io.clusterboot.internal.net.DescriptorClient;
import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ListenerMode;
import io.clusterboot.internal.net.ReusePortReservation;
import io.clusterboot.internal.net.SharedListenSocket;
import io.clusterboot.internal.posix.Posix;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.systemd.InvalidListenSocketException;
import io.clusterboot.internal.systemd.ListenDescriptors;
import io.clusterboot.internal.systemd.NotifySocket;
import io.clusterboot.internal.systemd.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns the launching JVM into the cluster's master once its configuration and logging
 * are ready, and never returns: the master binds the port, runs the workers and exits the
 * JVM when the cluster stops, so the application context is never built in the master.
 * Invalid {@code cluster.*} settings (more workers than the maximum among them), a
 * management port of its own where sockets cannot be passed, a passed socket the master
 * cannot serve and a port in use fail here, before any worker is forked, with Spring
 * Boot's failure analysis.
 *
 * @author ClusterBoot team
 */
public class MasterApplicationListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/**
	 * Runs after the configuration is loaded and logging is initialized.
	 */
	public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 10;

	private static final Logger logger = LoggerFactory.getLogger(MasterApplicationListener.class);

	private static final int BACKLOG = 2048;

	/**
	 * The JVM that reads the configuration for a reload runs for about a second, too
	 * short for the optimizing compiler to pay off: without it, it starts about a
	 * quarter faster.
	 */
	private static final String READER_JVM_OPTION = "-XX:TieredStopAtLevel=1";

	/**
	 * The signals the master acts on; {@code USR1} replaces the master, as {@code USR2}
	 * does for nginx and gunicorn, which HotSpot keeps for itself.
	 */
	private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP", "TTIN", "TTOU", "USR1");

	/**
	 * Signals the master has no use for, whose default action would kill the JVM: it
	 * takes them so that an operator who sends one by habit (nginx, gunicorn and puma use
	 * {@code USR2}) does not close the port. {@code USR2} only where
	 * {@code _JAVA_SR_SIGNUM} moved the JVM's own use of it elsewhere: else HotSpot keeps
	 * it, and it aborts the JVM.
	 */
	private static final List<String> STRAY_SIGNALS = List.of("USR2", "ALRM");

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		// a JVM that reads the configuration for a reload does so whatever the new jar sets
		String configurationOutput = System.getenv(ClusterConfiguration.OUTPUT_VARIABLE);
		if (configurationOutput == null
				&& ClusterRole.of(event.getSpringApplication(), environment, System.getenv()) != ClusterRole.MASTER) {
			return;
		}
		ClusterProperties properties = Binder.get(environment).bindOrCreate("cluster", ClusterProperties.class);
		checkWorkerCount(properties);
		Integer managementPort = managementPort(environment);
		if (managementPort != null && !DescriptorServer.isSupported()) {
			throw new ManagementPortException(managementPort);
		}
		if (configurationOutput != null) {
			System.exit(writeConfiguration(environment, Path.of(configurationOutput)));
		}
		if (properties.getBootCache().isBuildOnly()) {
			System.exit(buildBootCache(properties, managementPort, List.of(event.getArgs())));
		}
		int exitCode;
		try {
			exitCode = runMaster(environment, properties, managementPort, List.of(event.getArgs()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cluster master failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exitCode = 1;
		}
		System.exit(exitCode);
	}

	private int runMaster(ConfigurableEnvironment environment, ClusterProperties properties, Integer managementPort,
			List<String> args) throws IOException, InterruptedException {
		Predecessor predecessor = Predecessor.of(System.getenv());
		ListenDescriptors passed = SharedListenSocket.isSupported()
				? ServiceManager.listenDescriptors(System.getenv(), ProcessHandle.current().pid())
				: ListenDescriptors.NONE;
		if (passed.management().isPresent() && managementPort == null) {
			throw new InvalidListenSocketException(
					ServiceManager.LISTEN_FDNAMES + "=" + System.getenv(ServiceManager.LISTEN_FDNAMES),
					"a socket is named " + ServiceManager.MANAGEMENT_NAME + " but the actuator has no port of its own "
							+ "(management.server.port is unset or the server port), so no worker would serve it",
					"Set management.server.port to a port other than server.port (the passed socket is served "
							+ "whatever port it names), or pass only the server port's socket.");
		}
		try (PidFile pidFile = pidFile(properties, predecessor);
				ListenSocket socket = openSocket(environment, passed.server(), predecessor);
				SharedListenSocket management = openManagementSocket(environment, managementPort,
						passed.management(), predecessor);
				NotifySocket notifySocket = openNotifySocket()) {
			Clock clock = MonotonicClock.startingNow();
			Supervisor.Succession succession = new Supervisor.Succession(
					(predecessor != null) ? predecessor.pid() : null, (predecessor != null) ? predecessor.scale() : null,
					upgradeUnavailable(socket));
			Supervisor supervisor = new Supervisor(properties, identity(socket, management), succession,
					clock.instant(), new SecureRandom());
			Function<ClusterProperties, WorkerCommand> commands = (settings) -> WorkerCommand
				.ofCurrentProcess(workerJvmArguments(settings, managementPort), args);
			WorkerCommand command = commands.apply(properties);
			AtomicReference<Master> master = new AtomicReference<>();
			try (BootCache bootCache = BootCache.start(properties.getBootCache(), command.application(),
					(status) -> notify(master.get(), status))) {
				master.set(new Master(supervisor, bootCache, clock, notifySocket, commands));
				removeAbandonedControlDirectories();
				try (ControlServer control = ControlServer.start(master.get());
						DescriptorServer descriptors = startDescriptorServer(control, management);
						NonBlockingOutput.Installed output = NonBlockingOutput.installForStandardStreams()) {
					logger.info("Cluster master (pid {}) listening on {} ({} socket){}; starting {} worker(s)",
							ProcessHandle.current().pid(), describe(socket.address()), socket.mode(),
							(management != null) ? ", management on " + describe(management.address()) : "",
							succession.workers(properties));
					publish(control, command, socket, predecessor);
					SIGNALS.forEach((name) -> handle(name, master.get()));
					STRAY_SIGNALS.forEach((name) -> handleIfFree(name, master.get()));
					OrphanReaper.startIfInit();
					Path descriptorSocket = (descriptors != null) ? descriptors.socketPath() : null;
					MasterSuccession masterSuccession = new MasterSuccession(
							WorkerCommand.ofCurrentProcess(List.of(), args).toList(), socket, control.socketPath(),
							descriptorSocket, predecessor, pidFile);
					try (ConfigurationReader configurationReader = new ConfigurationReader(
							WorkerCommand.ofCurrentProcess(List.of(READER_JVM_OPTION), args).toList(),
							control.socketPath().getParent(), properties.getStartupTimeout())) {
						int exitCode = master.get()
							.run(new WorkerLauncher(command, socket, control, bootCache, servingNice(properties),
									descriptorSocket), control, configurationReader, masterSuccession);
						logger.info("Cluster master stopped");
						return exitCode;
					}
				}
			}
		}
	}

	/**
	 * Builds the boot cache the workers of this command line would start from, and
	 * returns the exit code: 0 once it is ready.
	 */
	private static int buildBootCache(ClusterProperties properties, Integer managementPort, List<String> args) {
		WorkerCommand command = WorkerCommand.ofCurrentProcess(workerJvmArguments(properties, managementPort), args);
		ClusterStatus.BootCache status = BootCache.prepare(properties.getBootCache(), command.application());
		if (status.state() != BootCacheState.READY) {
			logger.error("The boot cache is {}: {}", status.state(), status.reason());
			return 1;
		}
		logger.info("Boot cache ready in {} for {} worker(s) with the JVM options {}", status.directory(),
				properties.resolveWorkerCount(), command.jvmArguments());
		return 0;
	}

	/**
	 * Writes the cluster's settings for the master that reloads to this jar, and returns
	 * the exit code: they are valid, since they were bound and checked as the master's.
	 */
	private static int writeConfiguration(ConfigurableEnvironment environment, Path file) {
		try {
			ClusterConfiguration.write(environment, file);
			return 0;
		}
		catch (IOException ex) {
			logger.error("Could not write the configuration to {}", file, ex);
			return 1;
		}
	}

	private static void removeAbandonedControlDirectories() {
		List<Path> removed = ControlServer.removeAbandoned(ControlServer.defaultBaseDirectory());
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
					describe(socket.address()), Instant.now(), (predecessor != null) ? predecessor.pid() : null,
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

	/**
	 * Returns the extra options of the workers: the configured ones, those that size each
	 * worker for its share of the machine and those that keep the C2 compiler off the
	 * start's code, unless the options already choose them, and with a
	 * management port of its own the one that lets a worker serve the passed socket (the
	 * boot cache is keyed by the options, so a cache built ahead has it too).
	 */
	private static List<String> workerJvmArguments(ClusterProperties properties, Integer managementPort) {
		List<String> configured = properties.getWorker().getJvmArgs();
		List<String> all = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
		all.addAll(configured);
		List<String> options = new ArrayList<>(configured);
		options.addAll(WorkerSizing.options(all, properties.resolveWorkerCount(),
				Runtime.getRuntime().availableProcessors()));
		options.addAll(WorkerCompilation.options(all));
		if (managementPort != null) {
			options.add(DescriptorServer.CHANNEL_JVM_OPTION);
		}
		return options;
	}

	private static String servingNice(ClusterProperties properties) {
		ClusterProperties.Worker worker = properties.getWorker();
		if (!worker.isOwnSchedulingGroup()) {
			return null;
		}
		return worker.getServingNice();
	}

	private static Supervisor.Identity identity(ListenSocket socket, SharedListenSocket management) {
		return new Supervisor.Identity(ProcessHandle.current().pid(), describe(socket.address()),
				(management != null) ? describe(management.address()) : null, socket.mode().name(),
				(socket.mode() == ListenerMode.REUSE_PORT) ? ReusePortReservation.isMigrateRequestsEnabled() : null);
	}

	/**
	 * Routes a signal to the master. A signal ignored when the JVM started ({@code nohup}
	 * ignores HUP; a non-interactive shell ignores INT for a background job) stays
	 * ignored: the JVM installs no handler for it, and only this warning tells the
	 * operator.
	 */
	private static void handleIfFree(String name, Master master) {
		try {
			Signal.handle(new Signal(name), (signal) -> master.signal(name));
		}
		catch (IllegalArgumentException ex) {
			// the JVM uses it (USR2 for its threads' suspend and resume)
		}
	}

	private static void handle(String name, Master master) {
		SignalHandler previous = Signal.handle(new Signal(name), (signal) -> master.signal(name));
		if (previous == SignalHandler.SIG_IGN) {
			logger.warn("SIG{} was ignored when this JVM started (nohup, or a background job of a script), "
					+ "so the master never receives it; start the JVM without nohup (setsid, or a service "
					+ "manager){}", name, "HUP".equals(name) ? ", or reload through the cluster endpoint" : "");
		}
	}

	/**
	 * Returns the pid file, written unless this master replaces another: then it writes
	 * it once it took over.
	 */
	private static PidFile pidFile(ClusterProperties properties, Predecessor predecessor) throws IOException {
		if (properties.getPidFile() == null) {
			return null;
		}
		return (predecessor != null) ? PidFile.at(properties.getPidFile()) : PidFile.write(properties.getPidFile());
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

	private static void checkWorkerCount(ClusterProperties properties) {
		if (properties.resolveWorkerCount() > properties.resolveMaxWorkers()) {
			throw new WorkersAboveMaximumException(properties.resolveWorkerCount(), properties.resolveMaxWorkers());
		}
	}

	/**
	 * Returns the management port when the actuator has a port of its own, by Spring
	 * Boot's rule ({@code ManagementPortType.DIFFERENT}): set, not negative, and 0 or
	 * other than the server port.
	 */
	private static Integer managementPort(ConfigurableEnvironment environment) {
		Integer port = environment.getProperty("management.server.port", Integer.class);
		if (port == null || port < 0 || (port != 0 && port == serverPort(environment))) {
			return null;
		}
		return port;
	}

	/**
	 * Opens the management port's socket, which workers then fetch from the master: the
	 * one a service manager passed, else a new one on the management port; or returns
	 * {@code null} when the actuator shares the server port.
	 */
	private static SharedListenSocket openManagementSocket(ConfigurableEnvironment environment, Integer port,
			OptionalInt passed, Predecessor predecessor) throws IOException {
		if (port == null) {
			return null;
		}
		if (predecessor != null && predecessor.sockets() != null) {
			Integer fd = DescriptorClient.fetch(predecessor.sockets()).get(DescriptorServer.MANAGEMENT_SOCKET);
			if (fd != null) {
				SharedListenSocket socket = SharedListenSocket.inheritPassed(fd,
						"the management socket of master pid " + predecessor.pid());
				logger.info("Serving the management socket of master pid {}, which this master replaces ({})",
						predecessor.pid(), describe(socket.address()));
				return socket;
			}
		}
		if (passed.isPresent()) {
			SharedListenSocket socket = SharedListenSocket.inheritPassed(passed.getAsInt(),
					ServiceManager.LISTEN_FDS + " " + ServiceManager.MANAGEMENT_NAME);
			logger.info("Serving the management socket the service manager passed ({}); management.server.port "
					+ "and management.server.address are not used", describe(socket.address()));
			return socket;
		}
		InetAddress address = environment.getProperty("management.server.address", InetAddress.class);
		return SharedListenSocket.openPassed(address, port, BACKLOG);
	}

	private static DescriptorServer startDescriptorServer(ControlServer control, SharedListenSocket management)
			throws IOException {
		if (management == null) {
			return null;
		}
		return DescriptorServer.start(control.socketPath().getParent(),
				Map.of(DescriptorServer.MANAGEMENT_SOCKET, management.descriptor()));
	}

	private static int serverPort(ConfigurableEnvironment environment) {
		return environment.getProperty("server.port", Integer.class, 8080);
	}

	/**
	 * Opens the socket to serve: the one a service manager passed (socket activation,
	 * {@code LISTEN_FDS}, or {@code StandardInput=socket}), else a new one on the server
	 * port. A passed socket is served as it is: its address, port and backlog are the
	 * socket unit's.
	 */
	private ListenSocket openSocket(ConfigurableEnvironment environment, OptionalInt passed, Predecessor predecessor)
			throws IOException {
		InetAddress address = environment.getProperty("server.address", InetAddress.class);
		int port = serverPort(environment);
		if (predecessor != null) {
			String source = "the listening socket of master pid " + predecessor.pid() + " on standard input";
			if (!SharedListenSocket.isSupported() || !SharedListenSocket.isListeningOnStandardInput()) {
				throw new IllegalStateException("This master replaces master pid " + predecessor.pid()
						+ ", but its standard input is not " + source);
			}
			SharedListenSocket socket = SharedListenSocket.inherit(0, source);
			logger.info("Serving the listening socket of master pid {}, which this master replaces ({}); server.port "
					+ "and server.address are not used", predecessor.pid(), describe(socket.address()));
			return socket;
		}
		if (SharedListenSocket.isSupported()) {
			if (passed.isPresent()) {
				return passedSocket(SharedListenSocket.inherit(passed.getAsInt(), ServiceManager.LISTEN_FDS));
			}
			if (SharedListenSocket.isListeningOnStandardInput()) {
				return passedSocket(SharedListenSocket.inherit(0, "standard input"));
			}
			return SharedListenSocket.open(address, port, BACKLOG);
		}
		ReusePortReservation reservation = ReusePortReservation.open(address, port);
		logger.warn("Workers bind their own SO_REUSEPORT sockets because the shared socket needs Linux and JNA; "
				+ "connections queued on a retiring worker's socket can be reset{}",
				ReusePortReservation.isMigrateRequestsEnabled() ? " (net.ipv4.tcp_migrate_req=1 prevents most)"
						: " unless net.ipv4.tcp_migrate_req=1");
		return reservation;
	}

	private static ListenSocket passedSocket(SharedListenSocket socket) {
		logger.info("Serving the socket the service manager passed ({}); server.port and server.address are not used",
				describe(socket.address()));
		return socket;
	}

	private static NotifySocket openNotifySocket() {
		String name = System.getenv(ServiceManager.NOTIFY_SOCKET);
		return (name != null && Posix.isAvailable()) ? NotifySocket.open(name) : null;
	}

	private static String describe(InetSocketAddress address) {
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
