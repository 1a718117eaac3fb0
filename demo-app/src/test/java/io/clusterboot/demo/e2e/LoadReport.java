package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link HttpLoad} saw.
 *
 * @param elapsed how long the load ran
 * @param requests requests attempted (successes + non-2xx + failures)
 * @param successes 2xx responses
 * @param non2xxByStatus complete non-2xx responses by status code
 * @param failuresByKind requests without a complete response, by kind
 * @param failureExamples the first few failures, with client, time and message
 * @param responsesByPid complete responses by the pid found in their body
 * @param serverCloses keep-alive connections ended by the server's
 * {@code Connection: close} (expected during a drain, not a failure)
 * @param hitMaxDuration whether the load stopped by its hard time limit rather than being
 * stopped or running out of requests
 * @param unfinishedClients clients that did not finish in time when stopped (their
 * sockets were then closed forcibly)
 * @author ClusterBoot team
 */
record LoadReport(Duration elapsed, long requests, long successes, Map<Integer, Long> non2xxByStatus,
		Map<FailureKind, Long> failuresByKind, List<String> failureExamples, Map<Long, Long> responsesByPid,
		long serverCloses, boolean hitMaxDuration, int unfinishedClients) {

	long failures() {
		return this.failuresByKind.values().stream().mapToLong(Long::longValue).sum();
	}

	long non2xx() {
		return this.non2xxByStatus.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Requests that did not end with a 2xx response.
	 * @return failures plus non-2xx responses
	 */
	long unsuccessful() {
		return failures() + non2xx();
	}

	Set<Long> pids() {
		return this.responsesByPid.keySet();
	}

	/**
	 * The candidate that answered the most requests since an earlier report (the first
	 * candidate on a tie).
	 * @param earlier an earlier report of the same load
	 * @param candidates pids in order of preference
	 * @return the busiest of them
	 */
	long busiestSince(LoadReport earlier, Set<Long> candidates) {
		long busiest = candidates.iterator().next();
		for (long pid : candidates) {
			if (responses(pid) - earlier.responses(pid) > responses(busiest) - earlier.responses(busiest)) {
				busiest = pid;
			}
		}
		return busiest;
	}

	long responses(long pid) {
		return this.responsesByPid.getOrDefault(pid, 0L);
	}

	@Override
	public String toString() {
		StringBuilder summary = new StringBuilder();
		summary.append(String.format("%d requests in %.1f s: %d 2xx, non-2xx %s, failures %s (%d), "
				+ "responses by pid %s, server closes %d%s%s", this.requests, this.elapsed.toMillis() / 1000.0,
				this.successes, this.non2xxByStatus, this.failuresByKind, failures(), this.responsesByPid,
				this.serverCloses, this.hitMaxDuration ? ", STOPPED BY MAX DURATION" : "",
				(this.unfinishedClients > 0) ? ", " + this.unfinishedClients + " clients did not finish" : ""));
		for (String example : this.failureExamples) {
			summary.append(System.lineSeparator()).append("  ").append(example);
		}
		return summary.toString();
	}

}
