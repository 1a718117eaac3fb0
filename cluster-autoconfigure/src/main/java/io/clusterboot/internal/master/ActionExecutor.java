package io.clusterboot.internal.master;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.clusterboot.internal.bootcache.BootCache;
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
import io.clusterboot.internal.master.MasterEvent.ConfigurationRead;
import io.clusterboot.internal.master.MasterEvent.HandedOver;
import io.clusterboot.internal.master.MasterEvent.MasterExited;
import io.clusterboot.internal.master.MasterEvent.MasterStartFailed;
import io.clusterboot.internal.master.MasterEvent.MasterStarted;
import io.clusterboot.internal.master.MasterEvent.WorkerExited;
import io.clusterboot.internal.master.MasterEvent.WorkerStartFailed;
import io.clusterboot.internal.master.MasterEvent.WorkerStarted;
import io.clusterboot.internal.systemd.NotifySocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the {@link Supervisor} decides, on the master's thread: it forks,
 * signals, sends, replies and logs, and starts what takes longer (reading a reload's
 * settings, talking to the other master of an upgrade, trimming memory) on threads of
 * their own. Nothing it does waits on a worker. What it learns comes back as events: at
 * once what it just did (a process forked or not), later what other threads found out.
 *
 * @author ClusterBoot team
 */
class ActionExecutor {

	private static final Logger logger = LoggerFactory.getLogger(ActionExecutor.class);

	/**
	 * How long an exit waits for the worker's output to end, which a child process of the
	 * worker that inherited it can hold open.
	 */
	private static final Duration OUTPUT_END_TIMEOUT = Duration.ofSeconds(2);

	private static final int HAND_OVER_ATTEMPTS = 5;

	private static final Duration HAND_OVER_RETRY = Duration.ofMillis(20);

	private final Map<Long, Process> processes = new HashMap<>();

	private final WorkerLauncher launcher;

	private final Function<ApplyConfiguration, WorkerCommand> commands;

	private final BootCache bootCache;

	private final ControlServer control;

	private final NotifySocket notifySocket;

	private final ConfigurationReader configurationReader;

	private final SuccessorLauncher successors;

	private final PredecessorClient predecessor;

	private final EventQueue events;

	private final ClusterLogFile logFile;

	private Process newMaster;

	private boolean handedOver;

	/**
	 * Creates the executor.
	 * @param launcher forks workers
	 * @param commands the worker command of the settings a reload read
	 * @param bootCache the boot cache workers start from
	 * @param control the control channel, to answer workers and commands
	 * @param notifySocket the service manager's socket ({@code NOTIFY_SOCKET}), or
	 * {@code null}
	 * @param configurationReader reads the settings of the application on disk for a
	 * reload
	 * @param successors starts the master that replaces this one
	 * @param predecessor takes over from the master this one replaces, or {@code null}
	 * if it replaces none
	 * @param events where to report what it did and what came of it
	 * @param logFile where workers' lines go besides the master's output
	 */
	ActionExecutor(WorkerLauncher launcher, Function<ApplyConfiguration, WorkerCommand> commands, BootCache bootCache,
			ControlServer control, NotifySocket notifySocket, ConfigurationReader configurationReader,
			SuccessorLauncher successors, PredecessorClient predecessor, EventQueue events, ClusterLogFile logFile) {
		this.launcher = launcher;
		this.commands = commands;
		this.bootCache = bootCache;
		this.control = control;
		this.notifySocket = notifySocket;
		this.configurationReader = configurationReader;
		this.successors = successors;
		this.predecessor = predecessor;
		this.events = events;
		this.logFile = logFile;
	}

	/**
	 * Carries out an action.
	 * @param action the action
	 */
	void carryOut(MasterAction action) {
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
				.whenComplete((settings, failure) -> this.events.add(new ConfigurationRead(read.reload(), settings,
						(failure != null) ? failure.getMessage() : null)));
		}
		else if (action instanceof ApplyConfiguration apply) {
			WorkerCommand command = this.commands.apply(apply);
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
			this.predecessor.takeOver().thenAccept(this.events::add);
		}
		else if (action instanceof AwaitPredecessorRelease) {
			this.predecessor.awaitRelease().thenAccept(this.events::add);
		}
		else if (action instanceof TrimMemory) {
			Thread trim = new Thread(MasterMemory::trim, "cluster-memory-trim");
			trim.setDaemon(true);
			trim.start();
		}
	}

	/**
	 * Forgets the process of a worker whose exit the supervisor took in.
	 * @param worker the worker's id
	 */
	void exited(long worker) {
		this.processes.remove(worker);
	}

	/**
	 * Returns whether this master handed the service over to the new master of an
	 * upgrade: from then on it tells the service manager nothing.
	 * @return whether it did
	 */
	boolean isHandedOver() {
		return this.handedOver;
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
			this.events
				.addNext(new WorkerStartFailed(id, (ex instanceof IOException) ? ex.getMessage() : ex.toString()));
			return;
		}
		Process process = launched.process();
		this.processes.put(id, process);
		WorkerOutput output = new WorkerOutput(start.slot(), process.pid(), this.logFile::write);
		output.copy(process);
		process.onExit()
			.thenCompose((exited) -> output.ended()
				.completeOnTimeout(null, OUTPUT_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.thenApply((ignored) -> exited))
			.thenAccept((exited) -> this.events.add(new WorkerExited(id, exited.exitValue(), output.tail())));
		this.events.addNext(new WorkerStarted(id, process.pid(), launched.fromBootCache()));
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
			this.successors.handedOver();
		}
		this.events.addNext(new HandedOver(pid, told));
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
			process = this.successors.start(scale);
		}
		catch (IOException | RuntimeException ex) {
			this.events.addNext(new MasterStartFailed((ex instanceof IOException) ? ex.getMessage() : ex.toString()));
			return;
		}
		this.newMaster = process;
		process.onExit().thenAccept((exited) -> this.events.add(new MasterExited(exited.pid(), exited.exitValue())));
		this.events.addNext(new MasterStarted(process.pid()));
	}

}
