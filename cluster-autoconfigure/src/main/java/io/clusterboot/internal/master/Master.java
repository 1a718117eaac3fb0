package io.clusterboot.internal.master;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.master.MasterEvent.BootCacheChanged;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;
import io.clusterboot.internal.master.MasterEvent.SignalReceived;
import io.clusterboot.internal.master.MasterEvent.Tick;
import io.clusterboot.internal.master.MasterEvent.WorkerExited;
import io.clusterboot.internal.master.MasterEvent.WorkerMessage;
import io.clusterboot.internal.master.MasterEvent.WorkerUnreachable;
import io.clusterboot.internal.systemd.NotifySocket;
import io.clusterboot.internal.systemd.ServiceStates;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's thread: it takes the events that signal handlers, process exits and
 * control connections put on its queue, hands them to the {@link Supervisor}, and has an
 * {@link ActionExecutor} carry out what the supervisor decides. The application's
 * messages between workers never reach its queue: a {@link MessageForwarder} of their
 * own forwards them, by the routes the master publishes after each event. A failure in
 * one event or action is logged, and the loop goes on. Under a service manager that
 * asked for them, it reports the cluster's state changes after each event
 * ({@link ServiceStates}): the new master of an upgrade once it took over, the master it
 * replaces until it handed the service over.
 *
 * @author ClusterBoot team
 */
class Master implements ControlServer.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	private final Supervisor supervisor;

	private final BootCache bootCache;

	private final Clock clock;

	private final EventQueue events;

	private final NotifySocket notifySocket;

	private final ServiceStates serviceStates = new ServiceStates();

	private final MessageForwarder messages;

	private ControlServer control;

	/**
	 * Creates the master.
	 * @param supervisor the rules
	 * @param bootCache the boot cache, whose status the supervisor learns first
	 * @param clock the master's clock
	 * @param notifySocket the service manager's socket ({@code NOTIFY_SOCKET}), or
	 * {@code null}
	 * @param events the events to handle, which the {@link ActionExecutor} reports to
	 * as well
	 */
	Master(Supervisor supervisor, BootCache bootCache, Clock clock, NotifySocket notifySocket, EventQueue events) {
		this.supervisor = supervisor;
		this.bootCache = bootCache;
		this.clock = clock;
		this.notifySocket = notifySocket;
		this.events = events;
		this.messages = new MessageForwarder(clock, (worker, message) -> this.control.forward(worker, message));
	}

	/**
	 * Runs the cluster until it stops.
	 * @param control the control channel, to forward the application's messages
	 * @param actions carries out what the supervisor decides
	 * @return the exit code for the master process
	 * @throws InterruptedException if the master's thread is interrupted
	 */
	int run(ControlServer control, ActionExecutor actions) throws InterruptedException {
		this.control = control;
		this.events.addNext(new BootCacheChanged(this.bootCache.status()));
		this.messages.start();
		try {
			while (!this.supervisor.isFinished()) {
				MasterEvent event = this.events.next(this::untilNextDeadline);
				handle((event != null) ? event : new Tick(), actions);
			}
			return this.supervisor.exitCode();
		}
		finally {
			this.messages.stop();
		}
	}

	private long untilNextDeadline() {
		Instant now = this.clock.instant();
		return Duration.between(now, this.supervisor.nextDeadline(now)).toMillis();
	}

	private void handle(MasterEvent event, ActionExecutor executor) {
		List<MasterAction> actions;
		try {
			actions = this.supervisor.handle(event, this.clock.instant());
			if (event instanceof WorkerExited exited) {
				executor.exited(exited.worker());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while handling {}; the master goes on", event, ex);
			return;
		}
		for (MasterAction action : actions) {
			try {
				executor.carryOut(action);
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure while carrying out {}; the master goes on", action, ex);
			}
		}
		this.messages.routes(this.supervisor.messageRoutes());
		if (this.notifySocket != null && !executor.isHandedOver() && this.supervisor.isServingOnItsOwn()) {
			this.serviceStates
				.update(this.supervisor.workerCounts(), this.supervisor.reloadStatus(), this.supervisor.isStopping(),
						System.nanoTime() / 1000)
				.ifPresent(this.notifySocket::send);
		}
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
