package io.clusterboot.internal.master;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.master.MasterAction.ApplyConfiguration;
import io.clusterboot.internal.master.MasterAction.AwaitPredecessorRelease;
import io.clusterboot.internal.master.MasterAction.BuildBootCache;
import io.clusterboot.internal.master.MasterAction.DiscardBootCache;
import io.clusterboot.internal.master.MasterAction.HandOver;
import io.clusterboot.internal.master.MasterAction.Log;
import io.clusterboot.internal.master.MasterAction.ReadConfiguration;
import io.clusterboot.internal.master.MasterAction.ReplyToCommand;
import io.clusterboot.internal.master.MasterAction.SendMessage;
import io.clusterboot.internal.master.MasterAction.SignalNewMaster;
import io.clusterboot.internal.master.MasterAction.SignalWorker;
import io.clusterboot.internal.master.MasterAction.StartMaster;
import io.clusterboot.internal.master.MasterAction.StartWorker;
import io.clusterboot.internal.master.MasterAction.TakeOver;
import io.clusterboot.internal.master.MasterAction.TrimMemory;
import io.clusterboot.internal.master.MasterEvent.BootCacheChanged;
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
import io.clusterboot.internal.systemd.NotifySocket;
import io.clusterboot.internal.systemd.ServiceStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's thread: it takes the events that signal handlers, process exits and
 * control connections put on its queue, hands them to the {@link Supervisor}, and carries
 * out what the supervisor decides: it forks, signals, sends and logs. Nothing it does
 * waits on a worker: messages go through each connection's outbox, output is copied by
 * threads of its own, exits are reported once the output has ended, and memory is
 * trimmed on another thread. The application's messages between workers never reach its
 * queue: a {@link MessageForwarder} of their own forwards them, by the routes the master
 * publishes after each event. A failure in one event or action is logged, and the loop
 * goes on. Under a service manager that asked for them, it reports the cluster's state
 * changes after each event ({@link ServiceStates}): the new master of an upgrade once it
 * took over, the master it replaces until it handed the service over.
 *
 * @author ClusterBoot team
 */
class Master implements ControlServer.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	/**
	 * How long an exit waits for the worker's output to end, which a child process of the
	 * worker that inherited it can hold open.
	 */
	private static final Duration OUTPUT_END_TIMEOUT = Duration.ofSeconds(2);

	private static final int HAND_OVER_ATTEMPTS = 5;

	private static final Duration HAND_OVER_RETRY = Duration.ofMillis(20);

	private final Supervisor supervisor;

	private final BootCache bootCache;

	private final Clock clock;

	private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();

	private final Deque<MasterEvent> immediate = new ArrayDeque<>();

	private final Map<Long, Process> processes = new HashMap<>();

	private final NotifySocket notifySocket;

	private final ServiceStates serviceStates = new ServiceStates();

	private final MessageForwarder messages;

	private final Function<ClusterProperties, WorkerCommand> commands;

	private WorkerLauncher launcher;

	private ControlServer control;

	private ConfigurationReader configurationReader;

	private MasterSuccession succession;

	private Process newMaster;

	private boolean handedOver;

	/**
	 * Creates the master.
	 * @param notifySocket the service manager's socket ({@code NOTIFY_SOCKET}), or
	 * {@code null}
	 * @param commands the worker command of the settings a reload read
	 */
	Master(Supervisor supervisor, BootCache bootCache, Clock clock, NotifySocket notifySocket,
			Function<ClusterProperties, WorkerCommand> commands) {
		this.supervisor = supervisor;
		this.commands = commands;
		this.bootCache = bootCache;
		this.clock = clock;
		this.notifySocket = notifySocket;
		this.messages = new MessageForwarder(clock, (worker, message) -> this.control.forward(worker, message));
	}

	/**
	 * Runs the cluster until it stops.
	 * @param launcher forks workers
	 * @param control the control channel, to answer workers
	 * @param configurationReader reads the settings of the application on disk for a
	 * reload
	 * @param succession starts the master that replaces this one, and takes over from
	 * the one this one replaces
	 * @return the exit code for the master process
	 * @throws InterruptedException if the master's thread is interrupted
	 */
	int run(WorkerLauncher launcher, ControlServer control, ConfigurationReader configurationReader,
			MasterSuccession succession) throws InterruptedException {
		this.launcher = launcher;
		this.control = control;
		this.configurationReader = configurationReader;
		this.succession = succession;
		this.immediate.add(new BootCacheChanged(this.bootCache.status()));
		this.messages.start();
		try {
			while (!this.supervisor.isFinished()) {
				MasterEvent event = this.immediate.poll();
				if (event == null) {
					Instant now = this.clock.instant();
					long wait = Duration.between(now, this.supervisor.nextDeadline(now)).toMillis();
					event = this.events.poll(Math.max(0, wait), TimeUnit.MILLISECONDS);
				}
				handle((event != null) ? event : new Tick());
			}
			return this.supervisor.exitCode();
		}
		finally {
			this.messages.stop();
		}
	}

	private void handle(MasterEvent event) {
		List<MasterAction> actions;
		try {
			actions = this.supervisor.handle(event, this.clock.instant());
			if (event instanceof WorkerExited exited) {
				this.processes.remove(exited.worker());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while handling {}; the master goes on", event, ex);
			return;
		}
		for (MasterAction action : actions) {
			try {
				carryOut(action);
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure while carrying out {}; the master goes on", action, ex);
			}
		}
		this.messages.routes(this.supervisor.messageRoutes());
		if (this.notifySocket != null && !this.handedOver && this.supervisor.isServingOnItsOwn()) {
			this.serviceStates
				.update(this.supervisor.workerCounts(), this.supervisor.reloadStatus(), this.supervisor.isStopping(),
						System.nanoTime() / 1000)
				.ifPresent(this.notifySocket::send);
		}
	}

	private void carryOut(MasterAction action) {
		if (action instanceof StartWorker start) {
			start(start);
		}
		else if (action instanceof SignalWorker signal) {
			Process process = this.processes.get(signal.worker());
			if (process != null && !Signals.send(process, signal.signal())) {
				logger.warn("Could not send SIG{} to pid {}", signal.signal(), signal.pid());
			}
		}
		else if (action instanceof SendMessage send) {
			this.control.send(send.worker(), send.message());
		}
		else if (action instanceof ReplyToCommand reply) {
			this.control.reply(reply.command(), reply.reply());
		}
		else if (action instanceof Log log) {
			logger.atLevel(log.level()).log(log.message());
		}
		else if (action instanceof BuildBootCache) {
			this.bootCache.buildIfNeeded();
		}
		else if (action instanceof ReadConfiguration read) {
			this.configurationReader.read()
				.whenComplete((properties, failure) -> this.events.add(new ConfigurationRead(read.reload(), properties,
						(failure != null) ? failure.getMessage() : null)));
		}
		else if (action instanceof ApplyConfiguration apply) {
			WorkerCommand command = this.commands.apply(apply.properties());
			this.launcher.use(command);
			this.bootCache.refresh(command.application());
		}
		else if (action instanceof DiscardBootCache discard) {
			this.bootCache.discard(discard.reason());
		}
		else if (action instanceof StartMaster start) {
			startNewMaster(start.scale());
		}
		else if (action instanceof SignalNewMaster signal) {
			if (this.newMaster != null && !Signals.send(this.newMaster, signal.signal())) {
				logger.warn("Could not send SIG{} to the new master, pid {}", signal.signal(), this.newMaster.pid());
			}
		}
		else if (action instanceof HandOver handOver) {
			handOver(handOver.pid());
		}
		else if (action instanceof TakeOver) {
			this.succession.takeOver().thenAccept(this.events::add);
		}
		else if (action instanceof AwaitPredecessorRelease) {
			this.succession.awaitRelease().thenAccept(this.events::add);
		}
		else if (action instanceof TrimMemory) {
			Thread trim = new Thread(MasterMemory::trim, "cluster-memory-trim");
			trim.setDaemon(true);
			trim.start();
		}
	}

	/**
	 * Forks a worker and tells the supervisor how it went, before any other event. Its
	 * exit is reported once its output ended, with the last lines it printed.
	 */
	private void start(StartWorker start) {
		long id = start.worker();
		WorkerLauncher.Launched launched;
		try {
			launched = this.launcher.launch(id, start.slot(), start.generation(), start.count(),
					start.debugAddress());
		}
		catch (IOException | RuntimeException ex) {
			// anything else would leave the supervisor a worker without a process
			this.immediate.add(new WorkerStartFailed(id, (ex instanceof IOException) ? ex.getMessage() : ex.toString()));
			return;
		}
		Process process = launched.process();
		this.processes.put(id, process);
		WorkerOutput output = new WorkerOutput(start.slot(), process.pid());
		output.copy(process);
		process.onExit()
			.thenCompose((exited) -> output.ended()
				.completeOnTimeout(null, OUTPUT_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.thenApply((ignored) -> exited))
			.thenAccept((exited) -> this.events.add(new WorkerExited(id, exited.exitValue(), output.tail())));
		this.immediate.add(new WorkerStarted(id, process.pid(), launched.fromBootCache()));
	}

	/**
	 * Tells the service manager that the new master of an upgrade is the main process,
	 * trying a few times within a tenth of a second: a master that exits before it is
	 * told would end the service. From then on this master tells it nothing, and leaves
	 * the pid file, which the new master writes, in place.
	 */
	private void handOver(long pid) {
		boolean told = this.notifySocket == null;
		for (int attempt = 0; !told && attempt < HAND_OVER_ATTEMPTS; attempt++) {
			told = this.notifySocket.send("MAINPID=" + pid + "\nREADY=1\nSTATUS=Master pid " + pid + " took over");
			if (!told) {
				pause(HAND_OVER_RETRY);
			}
		}
		if (told) {
			this.handedOver = true;
			this.succession.handedOver();
		}
		this.immediate.add(new HandedOver(pid, told));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Forks the new master of an upgrade and tells the supervisor how it went, before any
	 * other event; its exit is reported when it happens.
	 */
	private void startNewMaster(Supervisor.Scale scale) {
		Process process;
		try {
			process = this.succession.startSuccessor(scale);
		}
		catch (IOException | RuntimeException ex) {
			this.immediate.add(new MasterStartFailed((ex instanceof IOException) ? ex.getMessage() : ex.toString()));
			return;
		}
		this.newMaster = process;
		process.onExit().thenAccept((exited) -> this.events.add(new MasterExited(exited.pid(), exited.exitValue())));
		this.immediate.add(new MasterStarted(process.pid()));
	}

	void signal(String name) {
		this.events.add(new SignalReceived(name));
	}

	@Override
	public void onMessage(long worker, ControlMessage message) {
		if (ControlMessage.MESSAGE.equals(message.type())) {
			this.messages.offer(worker, message);
		}
		else {
			this.events.add(new WorkerMessage(worker, message));
		}
	}

	@Override
	public void onDisconnected(long worker) {
		// the process exit that follows is what counts
	}

	@Override
	public void onUnreachable(long worker) {
		this.events.add(new WorkerUnreachable(worker));
	}

	@Override
	public void onCommand(ControlServer.Command command, ControlMessage request) {
		this.events.add(new CommandRequest(command, request));
	}

	/**
	 * Tells the supervisor that the boot cache changed; called on any thread.
	 * @param bootCache the cache's status
	 */
	void bootCacheChanged(ClusterStatus.BootCache bootCache) {
		this.events.add(new BootCacheChanged(bootCache));
	}

}
