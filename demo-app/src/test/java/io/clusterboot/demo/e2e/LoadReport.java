package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link HttpLoad} saw.
 *
 * @param elapsed how long the load ran
 * @param requests requests attempted (successes + non-2xx + failures)
 * @param successes 2xx responses
 * @param non2xxByStatus complete non-2xx responses by status code
 * @param failuresByKind requests without a complete response, by kind
 * @param failureExamples the first few failures, with client, time and message
 * @param responsesByResponder complete responses by who answered (as their body says)
 * @param serverCloses keep-alive connections ended by the server's
 * {@code Connection: close} (expected during a drain, not a failure)
 * @param hitMaxDuration whether the load stopped by its hard time limit rather than being
 * stopped or running out of requests
 * @param unfinishedClients clients that did not finish in time when stopped (their
 * sockets were then closed forcibly)
 * @author ClusterBoot team
 */
record LoadReport(Duration elapsed, long requests, long successes, Map<Integer, Long> non2xxByStatus,
		Map<FailureKind, Long> failuresByKind, List<String> failureExamples, Map<Responder, Long> responsesByResponder,
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
		return responsesByPid().keySet();
	}

	/**
	 * Complete responses by the pid found in their body.
	 * @return the counts, by pid
	 */
	Map<Long, Long> responsesByPid() {
		return byPid(this.responsesByResponder);
	}

	long responses(long pid) {
		return responsesByPid().getOrDefault(pid, 0L);
	}

	/**
	 * Who answered since an earlier report of the same load.
	 * @param earlier the earlier report
	 * @return the responders that answered since, with how many responses each
	 */
	Map<Responder, Long> responsesSince(LoadReport earlier) {
		Map<Responder, Long> since = new LinkedHashMap<>();
		this.responsesByResponder.forEach((responder, count) -> {
			long more = count - earlier.responsesByResponder.getOrDefault(responder, 0L);
			if (more > 0) {
				since.put(responder, more);
			}
		});
		return since;
	}

	/**
	 * Adds up response counts.
	 * @param responses counts by responder
	 * @return their sum
	 */
	static long total(Map<Responder, Long> responses) {
		return responses.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Adds up response counts by pid.
	 * @param responses counts by responder
	 * @return counts by pid, ordered by pid
	 */
	static Map<Long, Long> byPid(Map<Responder, Long> responses) {
		Map<Long, Long> byPid = new TreeMap<>();
		responses.forEach((responder, count) -> byPid.merge(responder.pid(), count, Long::sum));
		return byPid;
	}

	@Override
	public String toString() {
		StringBuilder summary = new StringBuilder();
		summary.append(String.format("%d requests in %.1f s: %d 2xx, non-2xx %s, failures %s (%d), "
				+ "responses by responder %s, server closes %d%s%s", this.requests, this.elapsed.toMillis() / 1000.0,
				this.successes, this.non2xxByStatus, this.failuresByKind, failures(), this.responsesByResponder,
				this.serverCloses, this.hitMaxDuration ? ", STOPPED BY MAX DURATION" : "",
				(this.unfinishedClients > 0) ? ", " + this.unfinishedClients + " clients did not finish" : ""));
		for (String example : this.failureExamples) {
			summary.append(System.lineSeparator()).append("  ").append(example);
		}
		return summary.toString();
	}

}
