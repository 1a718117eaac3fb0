package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.autoconfigure.TestSettings;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.master.MasterAction.HandOver;
import io.clusterboot.internal.master.MasterAction.Log;
import io.clusterboot.internal.master.MasterAction.ReadConfiguration;
import io.clusterboot.internal.master.MasterAction.ReplyToCommand;
import io.clusterboot.internal.master.MasterAction.SendMessage;
import io.clusterboot.internal.master.MasterAction.SignalNewMaster;
import io.clusterboot.internal.master.MasterAction.SignalWorker;
import io.clusterboot.internal.master.MasterAction.StartMaster;
import io.clusterboot.internal.master.MasterAction.StartWorker;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;
import io.clusterboot.internal.master.MasterEvent.ConfigurationRead;
import io.clusterboot.internal.master.MasterEvent.HandedOver;
import io.clusterboot.internal.master.MasterEvent.MasterExited;
import io.clusterboot.internal.master.MasterEvent.MasterStartFailed;
import io.clusterboot.internal.master.MasterEvent.MasterStarted;
import io.clusterboot.internal.master.MasterEvent.SignalReceived;
import io.clusterboot.internal.master.MasterEvent.Tick;
import io.clusterboot.internal.master.MasterEvent.WorkerExited;
import io.clusterboot.internal.master.MasterEvent.WorkerMessage;
import io.clusterboot.internal.master.MasterEvent.WorkerStartFailed;
import io.clusterboot.internal.master.MasterEvent.WorkerStarted;
import io.clusterboot.internal.master.MasterEvent.WorkerUnreachable;
import io.clusterboot.status.ClusterStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Supervisor} with a fake clock and a fake launcher: it carries out the
 * supervisor's actions the way the master does, on fake worker processes that the test
 * makes ready, beat, exit or hang. A fake worker leads from the moment it is granted the
 * leadership until it releases it or exits, and no worker may be granted it while
 * another leads.
 *
 * @author ClusterBoot team
 */
final class FakeCluster {

	static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

	/**
	 * What the fake master's session store reports.
	 */
	static final ClusterStatus.Sessions SESSIONS = new ClusterStatus.Sessions(2, 2048, 1 << 20, 1024, 0, 1, 0);

	private final Supervisor supervisor;

	private final Map<Long, FakeWorker> workers = new LinkedHashMap<>();

	private final List<MasterAction> actions = new ArrayList<>();

	private final List<ReplyToCommand> commandReplies = new ArrayList<>();

	private Instant now = START;

	private long nextPid = 1000;

	private boolean forkFails;

	private boolean fromBootCache;

	/**
	 * What a reload reads as the settings of the application on disk.
	 */
	private MasterSettings configuration;

	private String configurationError;

	private final List<ReadConfiguration> configurationReads = new ArrayList<>();

	private boolean configurationReadsHeld;

	/**
	 * The pid the next new master of an upgrade gets.
	 */
	private long nextMasterPid = 5000;

	private boolean masterForkFails;

	private boolean serviceManagerTold = true;

	/**
	 * The signals sent to the new master of an upgrade.
	 */
	private final List<WorkerSignal> newMasterSignals = new ArrayList<>();

	private FakeCluster(ClusterProperties properties, Supervisor.Succession succession) {
		this.supervisor = new Supervisor(TestSettings.master(properties),
				new Supervisor.Identity(1, "127.0.0.1:8080", null, "SHARED", null), succession, START, new Random(42),
				() -> SESSIONS);
	}

	/**
	 * Starts a cluster with the given settings ({@code cluster.workers} 2,
	 * {@code cluster.max-starting} 2 unless set).
	 * @param settings changes the settings
	 * @return the cluster, after its first tick
	 */
	static FakeCluster start(Consumer<ClusterProperties> settings) {
		return start(settings, Supervisor.Succession.FIRST);
	}

	/**
	 * Starts a cluster with the given settings and succession.
	 * @param settings changes the settings
	 * @param succession which master it replaces, and whether it can be replaced
	 * @return the cluster, after its first tick
	 */
	static FakeCluster start(Consumer<ClusterProperties> settings, Supervisor.Succession succession) {
		ClusterProperties properties = defaults();
		settings.accept(properties);
		FakeCluster cluster = new FakeCluster(properties, succession);
		cluster.configuration = TestSettings.master(properties);
		cluster.handle(new Tick());
		return cluster;
	}

	private static ClusterProperties defaults() {
		ClusterProperties properties = new ClusterProperties();
		properties.setWorkers("2");
		properties.setMaxStarting("2");
		properties.setMaxWorkers("8");
		return properties;
	}

	static FakeCluster start() {
		return start((properties) -> {
		});
	}

	/**
	 * Starts a cluster and makes every worker ready.
	 * @return the cluster, serving
	 */
	static FakeCluster serving(Consumer<ClusterProperties> settings) {
		return serving(settings, Supervisor.Succession.FIRST);
	}

	/**
	 * Starts a cluster with the given succession and makes every worker ready.
	 * @return the cluster, serving
	 */
	static FakeCluster serving(Consumer<ClusterProperties> settings, Supervisor.Succession succession) {
		FakeCluster cluster = start(settings, succession);
		while (!cluster.starting().isEmpty()) {
			cluster.starting().forEach(cluster::ready);
		}
		return cluster;
	}

	static FakeCluster serving() {
		return serving((properties) -> {
		});
	}

	void handle(MasterEvent event) {
		List<MasterEvent> immediate = new ArrayList<>();
		for (MasterAction action : this.supervisor.handle(event, this.now)) {
			this.actions.add(action);
			if (action instanceof StartWorker start) {
				if (this.forkFails) {
					immediate.add(new WorkerStartFailed(start.worker(), "Cannot run program: error=11"));
				}
				else {
					FakeWorker worker = new FakeWorker(start, this.nextPid++);
					this.workers.put(start.worker(), worker);
					immediate.add(new WorkerStarted(start.worker(), worker.pid, this.fromBootCache));
				}
			}
			else if (action instanceof SignalWorker signal) {
				this.workers.get(signal.worker()).signals.add(signal.signal());
			}
			else if (action instanceof SendMessage send) {
				FakeWorker worker = this.workers.get(send.worker());
				if (worker != null) {
					receive(worker, send.message());
				}
			}
			else if (action instanceof StartMaster) {
				immediate.add(this.masterForkFails ? new MasterStartFailed("Cannot run program: error=12")
						: new MasterStarted(this.nextMasterPid));
			}
			else if (action instanceof HandOver handOver) {
				immediate.add(new HandedOver(handOver.pid(), this.serviceManagerTold));
			}
			else if (action instanceof SignalNewMaster signal) {
				this.newMasterSignals.add(signal.signal());
			}
			else if (action instanceof ReplyToCommand reply) {
				this.commandReplies.add(reply);
			}
			else if (action instanceof ReadConfiguration read) {
				this.configurationReads.add(read);
				if (!this.configurationReadsHeld) {
					immediate.add(configurationRead(read));
				}
			}
		}
		immediate.forEach(this::handle);
	}

	private void receive(FakeWorker worker, ControlMessage message) {
		if (message.type().equals(ControlMessage.LEADER_GRANTED)) {
			assertThat(leaders()).as("workers that lead as %s is granted the leadership", worker).isEmpty();
			worker.leads = true;
		}
		worker.received.add(message);
	}

	/** Lets time pass, and the supervisor look. */
	void advance(Duration duration) {
		this.now = this.now.plus(duration);
		handle(new Tick());
	}

	/** Lets time pass without the supervisor looking: the next event comes first. */
	void elapse(Duration duration) {
		this.now = this.now.plus(duration);
	}

	/** Lets time pass in steps of a second, the longest the master ever waits. */
	void advanceInSeconds(Duration duration) {
		for (long i = 0; i < duration.toSeconds(); i++) {
			advance(Duration.ofSeconds(1));
		}
	}

	Instant now() {
		return this.now;
	}

	/**
	 * Sets what reloads read as the settings of the application on disk from now on: the
	 * defaults of {@link #start(Consumer)}, changed.
	 * @param settings changes the settings
	 */
	void configurationOnDisk(Consumer<ClusterProperties> settings) {
		ClusterProperties properties = defaults();
		settings.accept(properties);
		this.configuration = TestSettings.master(properties);
		this.configurationError = null;
	}

	/**
	 * Makes reloads fail to read the settings of the application on disk.
	 * @param error why
	 */
	void invalidConfigurationOnDisk(String error) {
		this.configurationError = error;
	}

	/**
	 * Holds the answers to reads of the configuration until {@link #answerConfigurationReads()}.
	 */
	void holdConfigurationReads() {
		this.configurationReadsHeld = true;
	}

	void answerConfigurationReads() {
		this.configurationReadsHeld = false;
		List.copyOf(this.configurationReads).forEach((read) -> handle(configurationRead(read)));
	}

	private ConfigurationRead configurationRead(ReadConfiguration read) {
		this.configurationReads.remove(read);
		return (this.configurationError != null) ? new ConfigurationRead(read.reload(), null, this.configurationError)
				: new ConfigurationRead(read.reload(), this.configuration, null);
	}

	/** Makes forking the new master of an upgrade fail. */
	void masterForkFails(boolean fails) {
		this.masterForkFails = fails;
	}

	/** Makes telling the service manager the new main process fail. */
	void serviceManagerTold(boolean told) {
		this.serviceManagerTold = told;
	}

	/** Makes the new master of the upgrade exit, and the next one get another pid. */
	void newMasterExits(int exitCode) {
		handle(new MasterExited(this.nextMasterPid++, exitCode));
	}

	List<WorkerSignal> newMasterSignals() {
		return List.copyOf(this.newMasterSignals);
	}

	void forkFails(boolean fails) {
		this.forkFails = fails;
	}

	/** Makes the next workers start from the boot cache, as the launcher would. */
	void fromBootCache(boolean fromBootCache) {
		this.fromBootCache = fromBootCache;
	}

	void signal(String name) {
		handle(new SignalReceived(name));
	}

	void ready(FakeWorker worker) {
		worker.readied = true;
		send(worker, ControlMessage.of(ControlMessage.HELLO));
		send(worker, ControlMessage.of(ControlMessage.READY));
	}

	/** Makes a worker ready that says whether its JVM uses the boot cache's archive. */
	void ready(FakeWorker worker, boolean archiveUsed) {
		worker.readied = true;
		send(worker, ControlMessage.of(ControlMessage.HELLO));
		send(worker, ControlMessage.of(ControlMessage.READY, ControlMessage.BOOT_CACHE, archiveUsed));
	}

	void heartbeat(FakeWorker worker, long served, long residentMemory) {
		send(worker, ControlMessage.of(ControlMessage.HEARTBEAT, "rss", residentMemory, "heapUsed", 1, "cpu", 1.5,
				"inFlight", 0, "served", served));
	}

	void heartbeat(FakeWorker worker) {
		heartbeat(worker, 0, 1);
	}

	/** A heartbeat of a worker with requests in flight on as many of its request threads. */
	void heartbeatWithThreads(FakeWorker worker, int busyThreads, int maxThreads) {
		send(worker, ControlMessage.of(ControlMessage.HEARTBEAT, "rss", 1, "heapUsed", 1, "cpu", 1.5, "inFlight",
				busyThreads, "served", 0, "busyThreads", busyThreads, "maxThreads", maxThreads));
	}

	void draining(FakeWorker worker) {
		send(worker, ControlMessage.of(ControlMessage.DRAINING));
	}

	void exit(FakeWorker worker, int exitCode) {
		worker.exited = true;
		worker.leads = false;
		handle(new WorkerExited(worker.id, exitCode, List.of("last line of " + worker.pid)));
	}

	/** Exits every worker that was sent TERM or KILL, as a drained worker does. */
	void exitSignalled() {
		this.workers.values()
			.stream()
			.filter((worker) -> !worker.exited && (worker.signals.contains(WorkerSignal.TERM)
					|| worker.signals.contains(WorkerSignal.KILL)))
			.toList()
			.forEach((worker) -> exit(worker, worker.signals.contains(WorkerSignal.KILL) ? 137 : 0));
	}

	void unreachable(FakeWorker worker) {
		handle(new WorkerUnreachable(worker.id));
	}

	/**
	 * Makes a worker send a message to the master; one of the application, for other
	 * workers, is forwarded as the master's forwarder does, by the supervisor's routes.
	 */
	void send(FakeWorker worker, ControlMessage message) {
		if (message.type().equals(ControlMessage.MESSAGE)) {
			this.supervisor.messageRoutes()
				.route(worker.id, message)
				.forEach((send) -> receive(this.workers.get(send.worker()), send.message()));
			return;
		}
		if (message.type().equals(ControlMessage.LEADER_RELEASED)) {
			worker.leads = false;
		}
		handle(new WorkerMessage(worker.id, message));
	}

	/** Makes a worker release the leadership, as it does once it was revoked. */
	void release(FakeWorker worker) {
		send(worker, ControlMessage.of(ControlMessage.LEADER_RELEASED));
	}

	/** The workers that lead: granted the leadership, and neither released it nor exited. */
	List<FakeWorker> leaders() {
		return this.workers.values().stream().filter((worker) -> worker.leads).toList();
	}

	/**
	 * Asks the master as the given worker's endpoint does, and returns the reply's body.
	 */
	Object request(FakeWorker worker, ControlMessage request) {
		Map<String, Object> values = new LinkedHashMap<>(request.values());
		values.put(ControlMessage.REQUEST_ID, 77L);
		send(worker, new ControlMessage(request.type(), values));
		ControlMessage reply = worker.received.stream()
			.filter((message) -> message.type().equals(ControlMessage.REPLY)
					&& message.number(ControlMessage.REQUEST_ID) == 77)
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("No reply to " + request + " in " + worker.received));
		worker.received.remove(reply);
		return reply.values().get("body");
	}

	/**
	 * Asks the master as the control command with the given pid does, and returns the
	 * reply's body.
	 */
	Object command(long pid, ControlMessage request) {
		ask(pid, request);
		assertThat(this.commandReplies).hasSize(1);
		return repliesTo(pid).get(0);
	}

	/**
	 * Asks the master as the control command with the given pid does, without waiting
	 * for the reply: {@link #repliesTo(long)} shows it once it came.
	 */
	void ask(long pid, ControlMessage request) {
		this.commandReplies.clear();
		Map<String, Object> values = new LinkedHashMap<>(request.values());
		values.put(ControlMessage.REQUEST_ID, 5L);
		handle(new CommandRequest(new ControlServer.Command(pid + 1, pid), new ControlMessage(request.type(), values)));
	}

	/** The bodies of the replies to the control command with the given pid since the last request. */
	List<Object> repliesTo(long pid) {
		return this.commandReplies.stream().filter((reply) -> reply.command() == pid + 1).map((reply) -> {
			assertThat(reply.reply().number(ControlMessage.REQUEST_ID)).isEqualTo(5);
			return reply.reply().values().get("body");
		}).toList();
	}

	/** The status, as a worker gets it on the control channel. */
	ClusterStatus status() {
		FakeWorker asking = this.workers.values()
			.stream()
			.filter((worker) -> !worker.exited)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No worker to ask"));
		try {
			return ControlRecords.fromValue(request(asking, ControlMessage.of(ControlMessage.STATUS)),
					ClusterStatus.class);
		}
		catch (MalformedMessageException ex) {
			throw new AssertionError(ex);
		}
	}

	/** The status as the supervisor builds it, whether or not a worker runs to ask. */
	ClusterStatus currentStatus() {
		return this.supervisor.status();
	}

	boolean isFinished() {
		return this.supervisor.isFinished();
	}

	boolean isStopping() {
		return this.supervisor.isStopping();
	}

	boolean isServingOnItsOwn() {
		return this.supervisor.isServingOnItsOwn();
	}

	int exitCode() {
		return this.supervisor.exitCode();
	}

	Instant nextDeadline() {
		return this.supervisor.nextDeadline(this.now);
	}

	/** Every worker ever forked, in order. */
	List<FakeWorker> forked() {
		return List.copyOf(this.workers.values());
	}

	/** The workers that run and have not been sent TERM or KILL. */
	List<FakeWorker> running() {
		return this.workers.values().stream().filter((worker) -> !worker.exited).toList();
	}

	/** The workers that run and have been told neither to stop nor that they are ready. */
	List<FakeWorker> starting() {
		return this.workers.values()
			.stream()
			.filter((worker) -> !worker.exited && !worker.readied && worker.signals.isEmpty())
			.toList();
	}

	/** The running worker of a slot with the highest id, or {@code null}. */
	FakeWorker newest(int slot) {
		return running().stream().filter((worker) -> worker.slot == slot).reduce((first, second) -> second).orElse(null);
	}

	/** A slot in the status. */
	ClusterStatus.Slot slot(int number) {
		return status().slots()
			.stream()
			.filter((slot) -> slot.slot() == number)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No slot " + number));
	}

	/** The lines logged so far. */
	List<String> logs() {
		return this.actions.stream().filter(Log.class::isInstance).map((log) -> ((Log) log).message()).toList();
	}

	List<MasterAction> actions() {
		return List.copyOf(this.actions);
	}

	/**
	 * A fake worker process.
	 */
	static final class FakeWorker {

		final long id;

		final int slot;

		final int generation;

		final int count;

		final long pid;

		final DebugAddress debugAddress;

		final List<WorkerSignal> signals = new ArrayList<>();

		final List<ControlMessage> received = new ArrayList<>();

		boolean exited;

		boolean readied;

		boolean leads;

		FakeWorker(StartWorker start, long pid) {
			this.id = start.worker();
			this.slot = start.slot();
			this.generation = start.generation();
			this.count = start.count();
			this.pid = pid;
			this.debugAddress = start.debugAddress();
		}

		boolean received(String type) {
			return this.received.stream().anyMatch((message) -> message.type().equals(type));
		}

		@Override
		public String toString() {
			return "worker " + this.id + " (slot " + this.slot + ", generation " + this.generation + ", pid "
					+ this.pid + ", signals " + this.signals + (this.exited ? ", exited" : "") + ")";
		}

	}

}
