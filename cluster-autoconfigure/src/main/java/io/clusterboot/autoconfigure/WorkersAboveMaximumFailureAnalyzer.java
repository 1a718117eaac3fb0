package io.clusterboot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link WorkersAboveMaximumException}: the two properties, their values, and
 * what is allowed.
 *
 * @author ClusterBoot team
 */
class WorkersAboveMaximumFailureAnalyzer extends AbstractFailureAnalyzer<WorkersAboveMaximumException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkersAboveMaximumException cause) {
		String description = String.format("'cluster.workers' is %d, above 'cluster.max-workers' (%d). "
				+ "Allowed: a number of workers from 1 to 'cluster.max-workers', which is '%s' (%d per available "
				+ "processor) unless set.", cause.getWorkers(), cause.getMaxWorkers(), ClusterProperties.AUTO,
				ClusterProperties.AUTO_MAX_WORKERS_PER_PROCESSOR);
		String action = String.format("Set 'cluster.workers' to at most %d, or raise 'cluster.max-workers' to at "
				+ "least %d.", cause.getMaxWorkers(), cause.getWorkers());
		return new FailureAnalysis(description, action, cause);
	}

}
