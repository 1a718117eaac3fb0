package io.clusterboot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ManagementPortException}: what the workers would do with the port,
 * and how to serve the actuator instead.
 *
 * @author ClusterBoot team
 */
class ManagementPortFailureAnalyzer extends AbstractFailureAnalyzer<ManagementPortException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ManagementPortException cause) {
		String description = String.format("'management.server.port' is %d, a port of its own. The master passes "
				+ "a second listening socket to its workers only on 64-bit Linux with JNA on the class path, which "
				+ "this is not: each worker's management server would bind port %d, and every worker after the "
				+ "first would fail to start.", cause.getPort(), cause.getPort());
		String action = "Run on 64-bit Linux with JNA (net.java.dev.jna:jna, which the starter brings); or remove "
				+ "'management.server.port' (or set it to the server port, or to -1 to serve no endpoint over "
				+ "HTTP), so that every worker serves the actuator on the server port; or set 'cluster.enabled' "
				+ "to false.";
		return new FailureAnalysis(description, action, cause);
	}

}
