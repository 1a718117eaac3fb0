package io.clusterboot.internal.systemd;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidListenSocketException}: what was passed, why the master
 * cannot serve it, and what to change.
 *
 * @author ClusterBoot team
 */
class InvalidListenSocketFailureAnalyzer extends AbstractFailureAnalyzer<InvalidListenSocketException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidListenSocketException cause) {
		return new FailureAnalysis(String.format("The master was given a socket to serve (%s), but %s.",
				cause.getSource(), cause.getReason()), cause.getAction(), cause);
	}

}
