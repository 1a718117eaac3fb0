package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;
import io.clusterboot.demo.e2e.ClusterStatus.ReloadState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cluster} actuator endpoint of a running {@link ClusterProcess}, as an operator
 * uses it: read the status, start reloads, wait for them to end. Every request goes on
 * a new connection to the cluster's port, so any worker may answer.
 *
 * @author ClusterBoot team
 */
final class ClusterActuator {

	static final String PATH = "/actuator/cluster";

	static final String RELOAD_PATH = PATH + "/reload";

	static final String SCALE_PATH = PATH + "/scale/";

	/**
	 * How long a reload of two workers may take: two worker startups on a busy 2-core
	 * box, each bounded by the default {@code cluster.startup-timeout} (60 s), with margin.
	 */
	static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(3);

	/**
	 * How long the replaced workers may drain after a reload ended: the default
	 * {@code cluster.process-kill-timeout} (30 s), with margin.
	 */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(45);

	/** How long a boot cache may take to be built: a training run on a busy 2-core box. */
	static final Duration BOOT_CACHE_BUILT = Duration.ofMinutes(2);

	private static final Duration LOG_LAG = Duration.ofSeconds(10);

	private static final int ACCEPTED = 202;

	private static final int OK = 200;

	private static final int SERVICE_UNAVAILABLE = 503;

	private final ClusterProcess cluster;

	ClusterActuator(ClusterProcess cluster) {
		this.cluster = cluster;
	}

	/**
	 * {@code GET /actuator/cluster}.
	 * @return the status
	 * @throws IOException if the request fails
	 * @throws AssertionError if the answer is not a 200 with a status
	 */
	ClusterStatus status() throws IOException {
		HttpResponse response = HttpConnection.get(this.cluster.port(), PATH);
		assertThat(response.status()).as("GET %s: %s%s", PATH, response, this.cluster.describe()).isEqualTo(200);
		return Json.read(response.body(), ClusterStatus.class);
	}

	/**
	 * {@code GET /actuator/cluster}, for a cluster that may not serve yet.
	 * @return the status, or {@code null} if the request failed or was not answered 200
	 */
	ClusterStatus statusIfAnswered() {
		try {
			HttpResponse response = HttpConnection.get(this.cluster.port(), PATH);
			return (response.status() == 200) ? Json.read(response.body(), ClusterStatus.class) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Waits until the boot cache is ready in another directory than {@code previous}.
	 * @param previous the directory of a cache that does not count, or {@code null}
	 * @return the ready cache
	 */
	ClusterStatus.BootCache awaitBootCacheReady(String previous) {
		return Waits.until("the boot cache ready in a directory other than " + previous, BOOT_CACHE_BUILT,
				() -> status().bootCache(), (cache) -> cache.isReady() && !cache.directory().equals(previous),
				this.cluster::describe);
	}

	/**
	 * The {@code cluster} component of {@code GET /actuator/health}, which answers 200
	 * when the overall status is UP and 503 when it is DOWN.
	 * @return the component
	 * @throws IOException if the request fails
	 */
	ClusterHealth health() throws IOException {
		HttpResponse response = HttpConnection.get(this.cluster.port(), ClusterHealth.PATH);
		assertThat(response.status()).as("GET %s: %s%s", ClusterHealth.PATH, response, this.cluster.describe())
			.isIn(OK, SERVICE_UNAVAILABLE);
		return Json.read(response.body(), ClusterHealth.Answer.class).cluster();
	}

	/**
	 * {@code POST /actuator/cluster/scale/<workers>} (a bare POST), whatever the answer.
	 * @param workers the number of workers, as sent (may be invalid on purpose)
	 * @return the response
	 * @throws IOException if the request fails
	 */
	HttpResponse postScale(String workers) throws IOException {
		String path = SCALE_PATH + workers;
		this.cluster.note("POST " + path);
		HttpResponse response = HttpConnection.request(this.cluster.port(), "POST", path);
		this.cluster.note("POST " + path + ": " + response.status() + " " + response.body());
		return response;
	}

	/**
	 * {@code POST /actuator/cluster/scale/<workers>}, which must be accepted: a 202 that
	 * names the new number of workers.
	 * @param workers the number of workers
	 * @throws IOException if the request fails
	 */
	void scale(int workers) throws IOException {
		HttpResponse response = postScale(Integer.toString(workers));
		assertThat(response.status()).as("status of POST %s%d: %s%s", SCALE_PATH, workers, response,
				this.cluster.describe())
			.isEqualTo(ACCEPTED);
		assertThat(Json.read(response.body(), Scaled.class).desired()).as("answer to POST %s%d: %s", SCALE_PATH,
				workers, response)
			.isEqualTo(workers);
	}

	/**
	 * {@code POST /actuator/cluster/reload}, whatever the answer.
	 * @return the response
	 * @throws IOException if the request fails
	 */
	HttpResponse postReload() throws IOException {
		this.cluster.note("POST " + RELOAD_PATH);
		HttpResponse response = HttpConnection.request(this.cluster.port(), "POST", RELOAD_PATH);
		this.cluster.note("POST " + RELOAD_PATH + ": " + response.status() + " " + response.body());
		return response;
	}

	/**
	 * {@code POST /actuator/cluster/reload}, which must start a reload or join the one
	 * running.
	 * @return the reload
	 * @throws IOException if the request fails
	 */
	Reload reload() throws IOException {
		return accepted(postReload());
	}

	/**
	 * Reads the answer of a reload request that must have been accepted: a 202 with a
	 * running reload.
	 * @param response the answer
	 * @return the reload
	 */
	Reload accepted(HttpResponse response) {
		assertThat(response.status()).as("status of POST %s: %s%s", RELOAD_PATH, response, this.cluster.describe())
			.isEqualTo(ACCEPTED);
		Reload reload = Json.read(response.body(), Reload.class);
		assertThat(reload.state()).as("state of the reload in %s", response).isEqualTo(ReloadState.RUNNING);
		return reload;
	}

	/**
	 * Waits until the status shows a reload whose id is not {@code previous}.
	 * @param previous the id of the last reload before, or {@code null} if there was none
	 * @param timeout the deadline
	 * @return the new reload
	 */
	Reload awaitReloadOtherThan(String previous, Duration timeout) {
		return Waits.until("a reload other than " + previous, timeout, this::status,
				(status) -> status.reload() != null && !status.reloadId().equals(previous), this.cluster::describe)
			.reload();
	}

	/**
	 * Waits until a reload has ended, whichever way.
	 * @param id the reload
	 * @param timeout the deadline
	 * @return the first status that shows it ended
	 */
	ClusterStatus awaitReloadEnd(String id, Duration timeout) {
		ClusterStatus status = Waits.until("reload " + id + " to end", timeout, this::status,
				(candidate) -> Objects.equals(candidate.reloadId(), id)
						&& candidate.reload().state() != ReloadState.RUNNING,
				this.cluster::describe);
		this.cluster.note("reload ended: " + status);
		return status;
	}

	/**
	 * Waits until the cluster runs exactly its desired workers, all ready and of the
	 * generation given, and nothing else: the workers they replaced have drained and
	 * exited.
	 * @param generation the generation
	 * @param timeout the deadline
	 * @return that status
	 */
	ClusterStatus awaitSettled(int generation, Duration timeout) {
		ClusterStatus status = Waits.until("only ready workers of generation " + generation, timeout, this::status,
				(candidate) -> candidate.isSettledAt(generation), this.cluster::describe);
		this.cluster.note("settled: " + status);
		return status;
	}

	/**
	 * Runs a reload that must succeed and checks that it replaced every worker (see
	 * {@link #awaitRolledOut}).
	 * @param trigger how to start it
	 * @return the status before and after
	 * @throws IOException if a request to the endpoint fails
	 */
	Rollout rollOut(ReloadTrigger trigger) throws IOException {
		ClusterStatus before = status();
		this.cluster.note("reload by " + trigger + "; before: " + before);
		return awaitRolledOut(before, trigger.start(this.cluster, this), trigger);
	}

	/**
	 * Waits until a reload that must succeed has replaced every worker: it ends SUCCEEDED
	 * with a generation above the one before, the master logged its start (by the
	 * trigger given) and its success, and afterwards the cluster runs ready workers of
	 * the new generation only, none of which ran before.
	 * @param before the status before the reload started
	 * @param reload the reload
	 * @param trigger what started it
	 * @return the status before and after
	 */
	Rollout awaitRolledOut(ClusterStatus before, Reload reload, ReloadTrigger trigger) {
		assertThat(reload.generation()).as("generation of %s (before: %s)", reload, before)
			.isGreaterThan(before.master().generation());
		ClusterStatus ended = awaitReloadEnd(reload.id(), RELOAD_TIMEOUT);
		assertThat(ended.reload().state()).as("%s%s", ended.reload(), this.cluster.describe())
			.isEqualTo(ReloadState.SUCCEEDED);
		awaitLog(reload, "started by " + trigger.startedBy());
		awaitLog(reload, "succeeded");
		ClusterStatus after = awaitSettled(reload.generation(), DRAIN_TIMEOUT);
		assertThat(after.pids()).as("workers after %s, before: %s%s", ended.reload(), before.pids(),
				this.cluster.describe())
			.hasSize(before.workers().desired())
			.doesNotContainAnyElementsOf(before.pids());
		Waits.until("the master's children to be the ready workers " + after.pids(), LOG_LAG,
				this.cluster::readyWorkerPids, after.pids()::equals, this.cluster::describe);
		return new Rollout(before, ended.reload(), after);
	}

	/**
	 * Waits for the master's log line {@code Reload <id> (generation <g>) <what>}.
	 * @param reload the reload
	 * @param what the rest of the line, as a regular expression
	 */
	void awaitLog(Reload reload, String what) {
		this.cluster.awaitOutput(logPrefix(reload) + what, LOG_LAG);
	}

	/**
	 * The start of the master's log lines about a reload, as a regular expression.
	 * @param reload the reload
	 * @return the pattern
	 */
	static String logPrefix(Reload reload) {
		return Pattern.quote("Reload " + reload.id() + " (generation " + reload.generation() + ") ");
	}

	/**
	 * The answer to an accepted scaling, or to a bad one.
	 *
	 * @param desired the new number of workers, or {@code null}
	 * @param error why the request was bad, or {@code null}
	 */
	record Scaled(Integer desired, String error) {
	}

	/**
	 * A completed reload.
	 *
	 * @param before the status before it started
	 * @param reload the reload as it ended
	 * @param after the status once the replaced workers were gone
	 */
	record Rollout(ClusterStatus before, Reload reload, ClusterStatus after) {
	}

}
