package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retiring worker ends its long-lived exchanges promptly and cleanly (issue 29, item 8):
 * with two clients on an event stream and two on a WebSocket session, a rolling reload
 * retires the old worker within seconds and without a kill; every stream ends with a
 * complete body and every session with 1001 "going away", and every client reconnects to
 * the new worker. On Tomcat, Jetty and Reactor Netty alike.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LongLivedExchangesIT {

	/** Far above a reload's time, so that a worker held until its stop deadline shows. */
	private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * How long the old worker may take to exit once its replacement is ready: a drain of a
	 * second or two and Spring's shutdown. Held by its long-lived exchanges, it would stay
	 * until its drain deadline (three quarters of the kill timeout) or Spring's graceful
	 * shutdown phase (30 s) ran out.
	 */
	private static final Duration RETIREMENT = Duration.ofSeconds(20);

	private static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(2);

	private static final int CLIENTS = 2;

	private static final int GOING_AWAY = 1001;

	@ParameterizedTest(name = "{0}")
	@EnumSource(DemoServer.class)
	void reloadEndsEventStreamsAndWebSocketSessionsPromptlyAndCleanly(DemoServer server, TestInfo testInfo)
			throws Exception {
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(server.jar())
			.workers(1)
			.property("cluster.process-kill-timeout", PROCESS_KILL_TIMEOUT.toSeconds() + "s")
			.start()) {
			long old = cluster.awaitReadyWorkers(1, ClusterProcess.STARTUP).iterator().next();
			List<EventStreamClient> streams = new ArrayList<>();
			List<EchoClient> echoes = new ArrayList<>();
			try {
				for (int i = 1; i <= CLIENTS; i++) {
					streams.add(EventStreamClient.start(cluster.port(), "events-" + i));
					echoes.add(EchoClient.start(cluster.port()));
				}
				Waits.until("every client served by worker " + old, Duration.ofSeconds(30),
						() -> streams.stream().allMatch((client) -> last(client.streams()).pids().contains(old))
								&& echoes.stream().allMatch((client) -> last(client.sessions()).pid() == old),
						() -> " " + streams + echoes + cluster.describe());
				Set<Long> known = cluster.readyEvents()
					.stream()
					.map(ClusterProcess.WorkerReady::pid)
					.collect(Collectors.toSet());
				cluster.note("reload --wait with " + streams + " and " + echoes);
				CompletableFuture<ControlCommandRun> reload = CompletableFuture.supplyAsync(() -> reload(server));
				long replacement = cluster.awaitNewReadyWorker(known, ClusterProcess.STARTUP).pid();
				long ready = System.nanoTime();
				cluster.awaitGone(old, RETIREMENT);
				cluster.note("old worker retired in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready)
						+ " ms after its replacement was ready");
				ControlCommandRun run = reload.get(RELOAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(run.exitCode()).as("reload --wait: %s%s", run, cluster.describe()).isZero();
				assertThat(run.out()).as("reload --wait").contains("SUCCEEDED");

				Waits.until("every client served by the new worker " + replacement, Duration.ofSeconds(30),
						() -> streams.stream().allMatch((client) -> last(client.streams()).pids().contains(replacement))
								&& echoes.stream().allMatch((client) -> last(client.sessions()).pid() == replacement),
						() -> " " + streams + echoes + cluster.describe());
				for (EventStreamClient client : streams) {
					List<EventStreamClient.Stream> ended = allButLast(client.streams());
					assertThat(ended).as("streams that ended, of %s%s", client, cluster.describe())
						.anySatisfy((stream) -> assertThat(stream.pids()).contains(old))
						.allSatisfy((stream) -> assertThat(stream.endedComplete())
							.as("%s ended with a complete body", stream)
							.isTrue());
				}
				for (EchoClient client : echoes) {
					List<EchoClient.Session> ended = allButLast(client.sessions());
					assertThat(ended).as("sessions that ended, of %s%s", client, cluster.describe())
						.anySatisfy((session) -> assertThat(session.pid()).isEqualTo(old))
						.allSatisfy((session) -> assertThat(session.closeCode()).as("close code of %s", session)
							.isEqualTo(GOING_AWAY));
				}
			}
			finally {
				streams.forEach(EventStreamClient::close);
				echoes.forEach(EchoClient::close);
			}
			assertThat(cluster.masterLines(Pattern.compile("killing it"))).as("workers killed%s", cluster.describe())
				.isEmpty();
		}
	}

	private static ControlCommandRun reload(DemoServer server) {
		try {
			return ControlCommandRun.of(server.jar(), RELOAD_TIMEOUT, List.of(), "reload", "--wait");
		}
		catch (Exception ex) {
			throw new IllegalStateException("reload --wait failed", ex);
		}
	}

	private static <T> List<T> allButLast(List<T> list) {
		return list.subList(0, list.size() - 1);
	}

	private static <T> T last(List<T> list) {
		return list.get(list.size() - 1);
	}

}
