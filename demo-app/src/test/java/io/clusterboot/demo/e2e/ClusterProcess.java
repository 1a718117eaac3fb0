package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.worker.WorkerIdentity;
import org.junit.jupiter.api.TestInfo;

/**
 * The demo application run as a real cluster: {@code java -jar demo-app.jar} (or another
 * jar, see {@link Builder#jar(Path)}) on an ephemeral 127.0.0.1 port, with its output
 * captured and every process it ever forked tracked so that {@link #close()} can leave
 * nothing behind.
 * <p>
 * What the harness relies on from the product (its logging contract):
 * <ul>
 * <li>the master logs {@code Worker <slot> (pid <pid>) is ready} when a worker is
 * ready;</li>
 * <li>the master logs {@code Starting worker <slot>} before each fork;</li>
 * <li>the master relays worker output prefixed with {@code [worker <slot> pid <pid>] }, but
 * for JSON lines (structured logging), which it relays as they are;</li>
 * <li>workers are the master's child processes.</li>
 * </ul>
 * <p>
 * Descendants are recorded by a watcher every {@value #WATCH_INTERVAL_MILLIS} ms while the
 * master lives, because once the master dies its children are re-parented and can no
 * longer be found from it.
 *
 * @author ClusterBoot team
 */
final class ClusterProcess implements AutoCloseable {

	/** How long a cluster of two workers may take to become ready on a busy 2-core box. */
	static final Duration STARTUP = Duration.ofSeconds(90);

	static final Pattern READY = Pattern.compile("Worker (\\d+) \\(pid (\\d+)\\) is ready");

	static final Pattern STARTING_WORKER = Pattern.compile("Starting worker");

	static final String WORKER_PREFIX = "[worker ";

	static final String BOOT_CACHE_DIRECTORY = "cluster.boot-cache.directory";

	static final String SESSIONS_STORE_DIR = "cluster.sessions.store-dir";

	/**
	 * The {@code cluster.workers} of the demo's {@code application.yml}.
	 */
	static final int DEMO_WORKERS = 2;

	private static final long WATCH_INTERVAL_MILLIS = 50;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

	private static final Set<ClusterProcess> OPEN = ConcurrentHashMap.newKeySet();

	static {
		// Safety net for a test JVM that is itself stopped (Ctrl-C, failsafe timeout).
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> OPEN.forEach(ClusterProcess::destroyAll), "cluster-process-reaper"));
	}

	private final int port;

	private final Process process;

	private final ProcessHandle master;

	private final ProcessOutput output;

	private final List<WorkerReady> readyEvents = new CopyOnWriteArrayList<>();

	private final Map<Long, ProcessHandle> descendantsSeen = new ConcurrentHashMap<>();

	private final Map<Long, Boolean> bootCacheBuilds = new ConcurrentHashMap<>();

	private final ScheduledExecutorService watcher;

	private ClusterProcess(Builder builder) {
		this.port = builder.port;
		List<String> command = builder.command();
		Path logFile = logFile(builder.name);
		ProcessBuilder processBuilder = new ProcessBuilder(command).redirectErrorStream(true);
		// An inherited CLUSTER_WORKERS or SERVER_PORT would silently change what is tested.
		processBuilder.environment()
			.keySet()
			.removeIf((key) -> key.toUpperCase(Locale.ROOT).startsWith("CLUSTER_")
					|| key.toUpperCase(Locale.ROOT).startsWith("SERVER_"));
		try {
			this.process = processBuilder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
		OPEN.add(this);
		this.master = this.process.toHandle();
		try {
			this.output = ProcessOutput.capture(builder.name, this.process.getInputStream(), logFile, this::onLine);
		}
		catch (RuntimeException ex) {
			this.master.destroyForcibly();
			OPEN.remove(this);
			throw ex;
		}
		this.output.note("command: " + String.join(" ", command));
		this.output.note("master pid " + this.master.pid() + ", port " + this.port);
		closeQuietly(this.process);
		this.watcher = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "descendants-" + builder.name);
			thread.setDaemon(true);
			return thread;
		});
		this.watcher.scheduleWithFixedDelay(this::recordDescendants, 0, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * A cluster for the current test, named after it (log file name).
	 * @param testInfo the test
	 * @return a builder with 2 workers and a free port
	 */
	static Builder builder(TestInfo testInfo) {
		String method = testInfo.getTestMethod().map((candidate) -> candidate.getName()).orElse("");
		String display = testInfo.getDisplayName();
		// Invocations of a parameterized test share the method name; their display names differ.
		String name = testInfo.getTestClass().map(Class::getSimpleName).orElse("test")
				+ (method.isEmpty() ? "" : "-" + method) + (display.startsWith(method) ? "" : "-" + display);
		return builder(name);
	}

	/**
	 * A cluster with the given log name.
	 * @param name names the log file and threads
	 * @return a builder with 2 workers and a free port
	 */
	static Builder builder(String name) {
		String safe = name.replaceAll("[^A-Za-z0-9.-]+", "_").replaceAll("^_+|_+$", "").replaceAll("-_+", "-");
		return new Builder(safe);
	}

	private static Path logFile(String name) {
		Path directory = DemoJar.logDirectory();
		Path file = directory.resolve(name + ".log");
		for (int i = 2; Files.exists(file); i++) {
			file = directory.resolve(name + "-" + i + ".log");
		}
		return file;
	}

	private void onLine(String line) {
		if (line.startsWith(WORKER_PREFIX)) {
			return;
		}
		Matcher matcher = READY.matcher(line);
		if (matcher.find()) {
			this.readyEvents.add(new WorkerReady(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2))));
			recordDescendants();
		}
	}

	/**
	 * Records the master's descendants; once it is gone, those of the processes seen that
	 * still run, such as the new master of an upgrade, which outlives it.
	 */
	private void recordDescendants() {
		if (this.master.isAlive()) {
			this.master.descendants().forEach((handle) -> this.descendantsSeen.putIfAbsent(handle.pid(), handle));
			return;
		}
		// one look at the descendants of each topmost process seen that still runs
		List.copyOf(this.descendantsSeen.values())
			.stream()
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> handle.parent()
				.map((parent) -> !this.descendantsSeen.containsKey(parent.pid()))
				.orElse(true))
			.flatMap(ProcessHandle::descendants)
			.forEach((handle) -> this.descendantsSeen.putIfAbsent(handle.pid(), handle));
	}

	int port() {
		return this.port;
	}

	long masterPid() {
		return this.master.pid();
	}

	ProcessHandle master() {
		return this.master;
	}

	boolean isMasterRunning() {
		return Processes.isRunning(this.master);
	}

	/**
	 * Waits for the master's JVM where the launcher starts it as a child of its own
	 * instead of becoming it ({@code unshare --fork}, a socket holder): the JVM that
	 * runs under the process this harness started.
	 * @return the JVM
	 */
	ProcessHandle awaitLaunchedJvm() {
		return Waits.until("the master's JVM under its launcher", Duration.ofSeconds(10),
				() -> this.master.children()
					.filter((child) -> child.info().command().filter((command) -> command.endsWith("/java")).isPresent())
					.findFirst(),
				Optional::isPresent, this::describe)
			.get();
	}

	ProcessOutput output() {
		return this.output;
	}

	/**
	 * Snapshot of the master's output so far (worker lines included, prefixed).
	 * @return the lines
	 */
	List<String> lines() {
		return this.output.lines();
	}

	/**
	 * The tail of the output and the log file name, to append to assertion messages.
	 * @return the description
	 */
	String describe() {
		return this.output.describe();
	}

	/**
	 * Writes a note into this cluster's log file, to line up test steps with its output.
	 * @param message the note
	 */
	void note(String message) {
		this.output.note(message);
	}

	/**
	 * Every "is ready" event logged by the master so far, in order.
	 * @return the events
	 */
	List<WorkerReady> readyEvents() {
		return List.copyOf(this.readyEvents);
	}

	/**
	 * The master's live child processes but the steps of a boot cache build, i.e. its
	 * workers (starting, ready or draining).
	 * @return the workers by pid
	 */
	Set<ProcessHandle> workers() {
		return this.master.children()
			.filter(Processes::isRunning)
			.filter((child) -> !isBootCacheBuild(child))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * Whether the child is a step of a boot cache build (the jar's extraction or the
	 * training run), which the master runs next to its workers: its environment names it.
	 * Remembered once its environment says what it is (a worker's names its id),
	 * because an exiting process no longer shows what it was. Just forked, before its
	 * exec, a child still shows the master's environment and is neither yet.
	 */
	private boolean isBootCacheBuild(ProcessHandle child) {
		Boolean known = this.bootCacheBuilds.get(child.pid());
		if (known != null) {
			return known;
		}
		Map<String, String> environment = Processes.environment(child);
		boolean build = environment.containsKey(BootCache.TRAINING_ENVIRONMENT);
		if (build || environment.containsKey(WorkerIdentity.ID)) {
			this.bootCacheBuilds.put(child.pid(), build);
			return build;
		}
		return true;
	}

	Set<Long> workerPids() {
		return pids(workers());
	}

	/**
	 * Workers that the master announced as ready and that are still its live children, in
	 * the order they became ready (oldest first).
	 * @return their pids
	 */
	Set<Long> readyWorkerPids() {
		Set<Long> live = workerPids();
		Set<Long> ready = new LinkedHashSet<>();
		for (WorkerReady event : this.readyEvents) {
			if (live.contains(event.pid())) {
				ready.add(event.pid());
			}
		}
		return ready;
	}

	/**
	 * Waits until exactly {@code count} live children have been announced ready (a worker
	 * that is still draining counts, so this also waits for retirements to finish).
	 * @param count the number of workers
	 * @param timeout the deadline
	 * @return their pids, oldest first
	 */
	Set<Long> awaitReadyWorkers(int count, Duration timeout) {
		Set<Long> ready = Waits.until(count + " ready workers", timeout, this::readyWorkerPids,
				(pids) -> pids.size() == count || !isMasterRunning(), this::describe);
		if (ready.size() != count) {
			throw new AssertionError("Master exited (" + exitDescription() + ") while awaiting " + count
					+ " ready workers; ready: " + ready + describe());
		}
		note("ready workers: " + ready);
		return ready;
	}

	/**
	 * Waits for a worker whose pid is not in {@code known} to be announced ready.
	 * @param known pids that do not count (typically every pid announced so far)
	 * @param timeout the deadline
	 * @return the first such event
	 */
	WorkerReady awaitNewReadyWorker(Set<Long> known, Duration timeout) {
		WorkerReady event = Waits.until("a worker ready other than " + known, timeout,
				() -> this.readyEvents.stream().filter((ready) -> !known.contains(ready.pid())).findFirst(),
				Optional::isPresent, this::describe)
			.get();
		note("new ready worker: " + event);
		return event;
	}

	/**
	 * Waits until the output has a line matching {@code regex}.
	 * @param regex the pattern, searched in each line
	 * @param timeout the deadline
	 * @return a matcher positioned on the first match
	 */
	Matcher awaitOutput(String regex, Duration timeout) {
		return this.output.await(Pattern.compile(regex), timeout);
	}

	/**
	 * The master's own lines (relayed worker output left out) that match, with when each
	 * was read.
	 * @param pattern the pattern, searched in each line
	 * @return the lines, oldest first
	 */
	List<ProcessOutput.Line> masterLines(Pattern pattern) {
		return this.output.timedLines()
			.stream()
			.filter((line) -> !line.text().startsWith(WORKER_PREFIX) && pattern.matcher(line.text()).find())
			.toList();
	}

	/**
	 * Waits until the master has logged at least {@code count} lines that match.
	 * @param pattern the pattern, searched in each line
	 * @param count how many lines
	 * @param timeout the deadline
	 * @return every such line so far, oldest first
	 */
	List<ProcessOutput.Line> awaitMasterLines(Pattern pattern, int count, Duration timeout) {
		return Waits.until(count + " master lines matching /" + pattern + "/", timeout, () -> masterLines(pattern),
				(lines) -> lines.size() >= count, this::describe);
	}

	/**
	 * Waits for the first line of the master that matches and was read after a moment.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 * @param pattern the pattern, searched in each line
	 * @param timeout the deadline
	 * @return the line
	 */
	ProcessOutput.Line awaitMasterLineAfter(long nanoTime, Pattern pattern, Duration timeout) {
		ProcessOutput.Line line = Waits
			.until("a master line matching /" + pattern + "/", timeout,
					() -> masterLines(pattern).stream().filter((candidate) -> candidate.nanoTime() > nanoTime)
						.findFirst(),
					Optional::isPresent, this::describe)
			.get();
		note("seen: " + line.text());
		return line;
	}

	/**
	 * Every process that has been a descendant of the master while it lived, whether or
	 * not it still runs.
	 * @return their pids
	 */
	Set<Long> descendantPidsEverSeen() {
		recordDescendants();
		return Set.copyOf(this.descendantsSeen.keySet());
	}

	/**
	 * Those of {@link #descendantPidsEverSeen()} that still run.
	 * @return their pids
	 */
	Set<Long> runningDescendantsEverSeen() {
		recordDescendants();
		return this.descendantsSeen.values()
			.stream()
			.filter(Processes::isRunning)
			.map(ProcessHandle::pid)
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * Sends a signal to the master.
	 * @param signal the signal
	 */
	void signalMaster(Signal signal) {
		note("sending SIG" + signal + " to master " + this.master.pid());
		Processes.signal(this.master, signal);
	}

	/**
	 * Sends a signal to one of the master's descendants.
	 * @param pid a pid seen as a descendant of the master
	 * @param signal the signal
	 */
	void signal(long pid, Signal signal) {
		recordDescendants();
		ProcessHandle target = this.descendantsSeen.get(pid);
		if (target == null) {
			throw new IllegalArgumentException("pid " + pid + " was never a descendant of master "
					+ this.master.pid() + " (seen: " + this.descendantsSeen.keySet() + ")");
		}
		note("sending SIG" + signal + " to pid " + pid);
		Processes.signal(target, signal);
	}

	/**
	 * Waits until the process is gone (zombies count as gone).
	 * @param pid a pid seen as a descendant of the master
	 * @param timeout the deadline
	 */
	void awaitGone(long pid, Duration timeout) {
		ProcessHandle handle = this.descendantsSeen.get(pid);
		if (handle != null) {
			Waits.until("pid " + pid + " to exit", timeout, () -> !Processes.isRunning(handle), this::describe);
			note("pid " + pid + " exited");
		}
	}

	/**
	 * Waits for the master to exit, then (briefly) for the rest of its output.
	 * @param timeout the deadline for the exit
	 * @return its exit code
	 */
	int awaitExit(Duration timeout) {
		int exitCode = awaitMasterExit(timeout);
		// Its pipe ends when the master and every process holding it are gone.
		this.output.awaitEnd(Duration.ofSeconds(5));
		return exitCode;
	}

	/**
	 * Waits for the master to exit, but not for the end of its output, which a process it
	 * started and that outlives it holds open: the new master of an upgrade.
	 * @param timeout the deadline for the exit
	 * @return its exit code
	 */
	int awaitMasterExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("Master " + this.master.pid() + " still running after "
						+ timeout.toMillis() + " ms" + describe());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while awaiting the master's exit", ex);
		}
		note("master exited with " + this.process.exitValue());
		return this.process.exitValue();
	}

	private String exitDescription() {
		return this.process.isAlive() ? "running" : "exit code " + this.process.exitValue();
	}

	/**
	 * Kills the master and every descendant it ever had, and waits until they are gone.
	 * The master is frozen (SIGSTOP) first so that it cannot fork a replacement between
	 * the last look at its children and its death.
	 * @throws AssertionError if a process survives
	 */
	@Override
	public void close() {
		boolean interrupted = Thread.interrupted();
		try {
			Set<Long> survivors = destroyAll();
			if (!survivors.isEmpty()) {
				throw new AssertionError("Processes still running after close: " + survivors + describe());
			}
		}
		finally {
			OPEN.remove(this);
			this.output.close();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private Set<Long> destroyAll() {
		if (this.master.isAlive()) {
			freeze();
			recordDescendants();
			this.master.destroyForcibly();
		}
		this.watcher.shutdownNow();
		List<ProcessHandle> all = new ArrayList<>(this.descendantsSeen.values());
		all.add(this.master);
		all.stream().filter(Processes::isRunning).forEach(ProcessHandle::destroyForcibly);
		try {
			// onExit() would never complete for a zombie orphan, so poll instead.
			Waits.until("every process of the cluster to exit", CLOSE_TIMEOUT, () -> running(all).isEmpty(), () -> "");
		}
		catch (AssertionError ex) {
			// Reported below as survivors.
		}
		Set<Long> survivors = running(all);
		this.output.awaitEnd(Duration.ofSeconds(2));
		this.output.note("closed; survivors: " + survivors);
		return survivors;
	}

	private void freeze() {
		try {
			Processes.signal(this.master, Signal.STOP);
		}
		catch (IllegalStateException ex) {
			// Already gone; nothing can fork any more.
		}
	}

	private static Set<Long> running(List<ProcessHandle> processes) {
		return processes.stream().filter(Processes::isRunning).map(ProcessHandle::pid).collect(Collectors.toSet());
	}

	private static Set<Long> pids(Set<ProcessHandle> handles) {
		return handles.stream().map(ProcessHandle::pid).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static void closeQuietly(Process process) {
		try {
			// Nobody types into the master; its fd 0 is replaced by the listening socket anyway.
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Not worth failing a test over.
		}
	}

	/**
	 * A master's "Worker N (pid P) is ready" line.
	 *
	 * @param slot the worker slot (1..N)
	 * @param pid the worker's pid
	 */
	record WorkerReady(int slot, long pid) {
	}

	/**
	 * Options of a cluster start.
	 */
	static final class Builder {

		private final String name;

		private final List<String> jvmArgs = new ArrayList<>(
				List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));

		private final List<String> args = new ArrayList<>();

		private final Map<String, String> properties = new LinkedHashMap<>();

		private int port = FreePorts.pick();

		private String workers = "2";

		private Path jar;

		private final List<String> launcher = new ArrayList<>();

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * The value of {@code --cluster.workers}, or {@code null} to leave it out.
		 * @param workers the raw value (may be invalid on purpose)
		 * @return this
		 */
		Builder workers(String workers) {
			this.workers = workers;
			return this;
		}

		Builder workers(int workers) {
			return workers(Integer.toString(workers));
		}

		/**
		 * Serves a given port rather than a free one picked: that of a cluster stopped
		 * before, whose clients come back.
		 * @param port the port
		 * @return this
		 */
		Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The port the cluster is to serve, for a launcher that binds it.
		 * @return the port
		 */
		int port() {
			return this.port;
		}

		/**
		 * How many workers the cluster is to run: the value given, else the demo's own
		 * {@code cluster.workers}.
		 * @return the count
		 * @throws NumberFormatException if the configured value is not a number
		 */
		int workerCount() {
			return (this.workers != null) ? Integer.parseInt(this.workers) : DEMO_WORKERS;
		}

		/**
		 * Adds {@code --name=value} to the program arguments.
		 * @param name the property
		 * @param value its raw value
		 * @return this
		 */
		Builder property(String name, String value) {
			this.properties.put(name, value);
			return this;
		}

		/**
		 * Adds program arguments verbatim.
		 * @param args the arguments
		 * @return this
		 */
		Builder args(String... args) {
			Collections.addAll(this.args, args);
			return this;
		}

		/**
		 * Replaces the JVM options of the master (which the master passes on to its
		 * workers). The defaults make JVMs boot faster on a small machine.
		 * @param jvmArgs the options
		 * @return this
		 */
		Builder jvmArgs(String... jvmArgs) {
			this.jvmArgs.clear();
			Collections.addAll(this.jvmArgs, jvmArgs);
			return this;
		}

		/**
		 * Runs the given jar instead of the demo jar, as {@code java -jar <jar>}: workers
		 * read it from disk whenever they start, so replacing the file deploys a new
		 * version.
		 * @param jar the jar
		 * @return this
		 */
		Builder jar(Path jar) {
			this.jar = jar.toAbsolutePath();
			return this;
		}

		/**
		 * Starts the master through a command that runs it with {@code exec}, such as
		 * {@code nohup}: the process started is still the master's JVM.
		 * @param launcher the command and its arguments
		 * @return this
		 */
		Builder launchedBy(String... launcher) {
			Collections.addAll(this.launcher, launcher);
			return this;
		}

		/**
		 * Starts the master. The caller owns the result and must close it.
		 * @return the running cluster
		 */
		ClusterProcess start() {
			return new ClusterProcess(this);
		}

		private List<String> command() {
			List<String> command = new ArrayList<>(this.launcher);
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(this.jvmArgs);
			command.add("-jar");
			command.add(((this.jar != null) ? this.jar : DemoJar.path()).toString());
			command.add("--server.address=127.0.0.1");
			command.add("--server.port=" + this.port);
			if (this.workers != null) {
				command.add("--cluster.workers=" + this.workers);
			}
			if (!this.properties.containsKey(BOOT_CACHE_DIRECTORY)) {
				command.add("--" + BOOT_CACHE_DIRECTORY + "=" + DemoJar.bootCacheDirectory());
			}
			if (!this.properties.containsKey(SESSIONS_STORE_DIR)) {
				// the sessions a stopped master keeps: for no other cluster
				command.add("--" + SESSIONS_STORE_DIR + "="
						+ DemoJar.logDirectory().resolve("sessions").resolve(this.name + "-" + System.nanoTime()));
			}
			this.properties.forEach((key, value) -> command.add("--" + key + "=" + value));
			command.addAll(this.args);
			return command;
		}

	}

}
