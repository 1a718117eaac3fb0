package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;

import org.slf4j.event.Level;

/**
 * Answers the operator: the master's signals (HUP reloads, TTIN and TTOU scale, USR1
 * replaces the master, the others stop it), the control command
 * ({@code java -Djarmode=cluster -jar app.jar}) and the cluster endpoint's operations,
 * which a worker forwards. The control command may do what the endpoint's operations do,
 * and stop the cluster: its user is the master's, as the control socket's file
 * permissions ensure. Each request goes to the rule that carries it out, which also says
 * whether it is refused.
 *
 * @author ClusterBoot team
 */
final class OperatorRequests {

	private final RollingReload reload;

	private final Scaling scaling;

	private final MasterUpgrade upgrade;

	private final Shutdown shutdown;

	private final StatusView status;

	private final Decisions decisions;

	OperatorRequests(RollingReload reload, Scaling scaling, MasterUpgrade upgrade, Shutdown shutdown,
			StatusView status, Decisions decisions) {
		this.reload = reload;
		this.scaling = scaling;
		this.upgrade = upgrade;
		this.shutdown = shutdown;
		this.status = status;
		this.decisions = decisions;
	}

	/**
	 * Carries out a signal the master received.
	 * @param name the signal's name, such as {@code TERM}
	 */
	void signal(String name, Instant now) {
		switch (name) {
			case "HUP" -> this.reload.start("SIGHUP", now);
			case "TTIN" -> this.scaling.scaleBy(1, "SIGTTIN", now);
			case "TTOU" -> this.scaling.scaleBy(-1, "SIGTTOU", now);
			case "USR1" -> this.upgrade.start("SIGUSR1", now);
			case "USR2", "ALRM" -> this.decisions.log(Level.WARN, "SIG%s means nothing to the master and is ignored: "
					+ "HUP reloads, USR1 replaces the master, TERM stops (see the README)", name);
			default -> this.shutdown.stop("Received SIG" + name, now);
		}
	}

	/**
	 * Answers a request of the control command.
	 */
	void command(CommandRequest event, Instant now) {
		ControlMessage request = event.request();
		String trigger = "the control command (pid " + event.command().pid() + ")";
		Object body = switch (request.type()) {
			case ControlMessage.STATUS, ControlMessage.RELOAD, ControlMessage.SCALE -> answer(request, trigger, now);
			case ControlMessage.STOP -> this.shutdown.stop("Stop requested by " + trigger, now);
			case ControlMessage.UPGRADE -> this.upgrade.request(trigger, now);
			default -> Map.of(ControlMessage.REJECTED, "Unknown request '" + request.type() + "'");
		};
		this.decisions.reply(event, body);
	}

	/**
	 * Answers a request of the cluster endpoint, which a worker forwarded.
	 * @param worker the worker
	 * @param request a {@code STATUS}, {@code RELOAD} or {@code SCALE} request
	 */
	void endpoint(Worker worker, ControlMessage request, Instant now) {
		this.decisions.reply(worker, request, answer(request, "the cluster endpoint of " + worker, now));
	}

	/**
	 * Answers what both the cluster endpoint and the control command may ask: the
	 * status, a reload, a scaling.
	 * @param request a {@code STATUS}, {@code RELOAD} or {@code SCALE} request
	 * @param trigger who asked, for the log
	 */
	private Object answer(ControlMessage request, String trigger, Instant now) {
		return switch (request.type()) {
			case ControlMessage.RELOAD -> this.reload.request(trigger, now);
			case ControlMessage.SCALE -> this.scaling.scaleTo(requestedWorkers(request), trigger, now);
			default -> ControlRecords.toValue(this.status.status(now));
		};
	}

	private static int requestedWorkers(ControlMessage request) {
		return (int) Math.max(0, Math.min(request.number("workers"), Integer.MAX_VALUE));
	}

}
