package io.clusterboot.internal.master;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Routes the signals an operator or a service manager sends the master to its event
 * queue, where the supervisor decides what each means. It also takes the signals the
 * master has no use for whose default action would kill the JVM, so that one sent by
 * habit does not close the port.
 *
 * @author ClusterBoot team
 */
final class MasterSignalHandlers {

	private static final Logger logger = LoggerFactory.getLogger(MasterSignalHandlers.class);

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

	private MasterSignalHandlers() {
	}

	/**
	 * Installs the handlers.
	 * @param master the master the signals go to
	 */
	static void install(Master master) {
		SIGNALS.forEach((name) -> handle(name, master));
		STRAY_SIGNALS.forEach((name) -> handleIfFree(name, master));
	}

	/**
	 * Routes a signal to the master. A signal ignored when the JVM started ({@code nohup}
	 * ignores HUP; a non-interactive shell ignores INT for a background job) stays
	 * ignored: the JVM installs no handler for it, and only this warning tells the
	 * operator.
	 */
	private static void handle(String name, Master master) {
		SignalHandler previous = Signal.handle(new Signal(name), (signal) -> master.signal(name));
		if (previous == SignalHandler.SIG_IGN) {
			logger.warn("SIG{} was ignored when this JVM started (nohup, or a background job of a script), "
					+ "so the master never receives it; start the JVM without nohup (setsid, or a service "
					+ "manager){}", name, "HUP".equals(name) ? ", or reload through the cluster endpoint" : "");
		}
	}

	private static void handleIfFree(String name, Master master) {
		try {
			Signal.handle(new Signal(name), (signal) -> master.signal(name));
		}
		catch (IllegalArgumentException ex) {
			// the JVM uses it (USR2 for its threads' suspend and resume)
		}
	}

}
