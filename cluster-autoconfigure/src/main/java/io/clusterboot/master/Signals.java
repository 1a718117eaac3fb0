package io.clusterboot.master;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends signals that {@link ProcessHandle} cannot, such as QUIT for a thread dump,
 * through the {@code kill} command.
 *
 * @author ClusterBoot team
 */
final class Signals {

	private static final Logger logger = LoggerFactory.getLogger(Signals.class);

	private Signals() {
	}

	static void send(long pid, String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			logger.warn("Could not send SIG{} to pid {}: {}", signal, pid, ex.getMessage());
		}
	}

}
