package io.clusterboot.internal.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains a worker before Spring Boot's graceful shutdown and web server stop: reports
 * readiness {@code REFUSING_TRAFFIC} (so a load balancer that probes the worker sees the
 * truth), stops accepting, lets every request in flight finish with
 * {@code Connection: close}, and waits until no connection is left or only idle ones are,
 * up to a deadline.
 * <p>
 * It runs in the phase just before {@link WebServerGracefulShutdownLifecycle}, whose
 * pause would reset connections accepted from the shared socket. An idle keep-alive
 * connection has no response left to carry {@code Connection: close}; once nothing has
 * been busy for {@link #IDLE_GRACE} it is left to be closed when the server stops. A
 * connection that has not begun its first request is not idle ({@link UnusedConnections}):
 * closing it would fail the request its client is about to send.
 * <p>
 * Long-lived exchanges ({@link LongLivedExchanges}: event streams, asynchronous requests
 * held open, WebSocket sessions) would hold the worker until it is killed: the drain ends
 * each of them cleanly once it has run for {@link #LONG_LIVED_GRACE}, counted from its
 * start, so that an asynchronous request that is only slow gets its answer (a WebSocket
 * session at once), and waits for them to be over as for requests in flight.
 *
 * @author ClusterBoot team
 */
public class WorkerDrainLifecycle implements SmartLifecycle {

	/**
	 * How long no connection must be busy before idle keep-alive connections are given up.
	 */
	static final Duration IDLE_GRACE = Duration.ofSeconds(1);

	/**
	 * How long an exchange that may be long-lived runs before the drain ends it.
	 */
	static final Duration LONG_LIVED_GRACE = Duration.ofSeconds(2);

	static final long POLL_MILLIS = 20;

	private static final Logger logger = LoggerFactory.getLogger(WorkerDrainLifecycle.class);

	private final List<WorkerConnectors> connectors;

	private final List<LongLivedExchanges> exchanges;

	private final WorkerControl control;

	private final Duration timeout;

	private final ApplicationEventPublisher publisher;

	private volatile boolean running;

	/**
	 * Creates a new instance.
	 * @param connectors the web servers' connectors
	 * @param exchanges the web application's long-lived exchanges
	 * @param control the control channel, told when the drain starts
	 * @param timeout how long the drain may take
	 * @param publisher publishes the readiness change
	 */
	public WorkerDrainLifecycle(List<WorkerConnectors> connectors, List<LongLivedExchanges> exchanges,
			WorkerControl control, Duration timeout, ApplicationEventPublisher publisher) {
		this.connectors = new CopyOnWriteArrayList<>(connectors);
		this.exchanges = List.copyOf(exchanges);
		this.control = control;
		this.timeout = timeout;
		this.publisher = publisher;
	}

	/**
	 * Drains these connectors too: those of the management server, which runs in a child
	 * context of its own, created after this lifecycle and stopped after it.
	 * @param connectors the connectors
	 */
	public void drainAlso(WorkerConnectors connectors) {
		this.connectors.add(connectors);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		this.control.draining();
		long started = System.nanoTime();
		try {
			for (WorkerConnectors connector : this.connectors) {
				connector.stopAccepting();
			}
			awaitDrained(started);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitDrained(long started) throws InterruptedException {
		long deadline = started + this.timeout.toNanos();
		long quietSince = System.nanoTime();
		while (true) {
			long now = System.nanoTime();
			endLongLived(now - LONG_LIVED_GRACE.toNanos());
			long open = sum(WorkerConnectors::openConnections);
			if (open == 0) {
				logger.info("Drained in {} ms", (now - started) / 1_000_000);
				return;
			}
			if (sum(WorkerConnectors::busyConnections) > 0 || sum(WorkerConnectors::unusedConnections) > 0
					|| this.exchanges.stream().mapToLong(LongLivedExchanges::open).sum() > 0) {
				quietSince = now;
			}
			else if (now - quietSince >= IDLE_GRACE.toNanos()) {
				logger.info("Drained in {} ms; closing {} idle connection(s)", (now - started) / 1_000_000, open);
				return;
			}
			if (now - deadline >= 0) {
				logger.warn("Gave up draining after {}; {} connection(s) still open", Durations.print(this.timeout),
						open);
				return;
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	private void endLongLived(long begunBy) {
		String ended = this.exchanges.stream()
			.map((exchanges) -> Map.entry(exchanges.kind(), exchanges.endBegunBy(begunBy)))
			.filter((count) -> count.getValue() > 0)
			.map((count) -> count.getValue() + " " + count.getKey() + "(s)")
			.collect(Collectors.joining(" and "));
		if (!ended.isEmpty()) {
			logger.info("Ended {}", ended);
		}
	}

	private long sum(ToLongFunction<WorkerConnectors> count) {
		return this.connectors.stream().mapToLong(count).sum();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
