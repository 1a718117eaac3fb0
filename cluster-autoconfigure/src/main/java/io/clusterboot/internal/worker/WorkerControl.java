package io.clusterboot.internal.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.clusterboot.internal.ipc.ControlClient;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * A worker's side of the control channel. It connects while the application context is
 * built, tells the master when the worker is ready and when it drains, forwards requests
 * such as the cluster endpoint's to the master, and stops the
 * worker gracefully if the channel closes: the master is gone, even if it was killed, and
 * a worker must not outlive it.
 *
 * @author ClusterBoot team
 */
public class WorkerControl implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WorkerControl.class);

	private final WorkerIdentity identity;

	private final ControlClient client;

	private final AtomicLong lastRequestId = new AtomicLong();

	private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

	private final Map<String, Consumer<ControlMessage>> handlers = new ConcurrentHashMap<>();

	private final WorkerScheduling scheduling = WorkerScheduling.ofThisWorker();

	/**
	 * Connects to the master.
	 * @param identity the worker's identity
	 * @throws IOException if the master cannot be reached
	 */
	public WorkerControl(WorkerIdentity identity) throws IOException {
		this.identity = identity;
		this.client = ControlClient.connect(identity.controlSocket(),
				MasterDirectories.readToken(identity.controlSocket()), identity.id(), this::onMessage,
				this::onMasterGone);
		onMessage(ControlMessage.WORKER_STARTING, (message) -> this.scheduling
			.othersStarting(Boolean.TRUE.equals(message.values().get("starting"))));
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			Boolean archiveUsed = BootCacheArchive.isUsed();
			send((archiveUsed != null) ? ControlMessage.of(ControlMessage.READY, ControlMessage.BOOT_CACHE, archiveUsed)
					: ControlMessage.of(ControlMessage.READY));
			this.scheduling.serving();
		}
	}

	/**
	 * Tells the master that this worker stopped accepting connections.
	 */
	public void draining() {
		send(ControlMessage.of(ControlMessage.DRAINING));
	}

	/**
	 * Asks the master and waits for its answer.
	 * @param type the type of the request, such as {@link ControlMessage#STATUS}
	 * @param timeout how long to wait for the answer
	 * @return the answer
	 * @throws MasterUnavailableException if the master cannot be asked or does not answer
	 * in time
	 */
	public Map<String, Object> request(String type, Duration timeout) {
		return request(ControlMessage.of(type), timeout);
	}

	/**
	 * Asks the master and waits for its answer.
	 * @param request the request, which gets an id to pair it with its answer
	 * @param timeout how long to wait for the answer
	 * @return the answer
	 * @throws MasterUnavailableException if the master cannot be asked or does not answer
	 * in time
	 */
	public Map<String, Object> request(ControlMessage request, Duration timeout) {
		String type = request.type();
		long id = this.lastRequestId.incrementAndGet();
		CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		try {
			Map<String, Object> values = new LinkedHashMap<>(request.values());
			values.put(ControlMessage.REQUEST_ID, id);
			this.client.send(new ControlMessage(type, values));
			return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (IOException | ExecutionException ex) {
			throw new MasterUnavailableException("Could not ask the master '" + type + "': " + ex.getMessage(), ex);
		}
		catch (TimeoutException ex) {
			throw new MasterUnavailableException(
					"The master did not answer '" + type + "' within " + Durations.print(timeout), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MasterUnavailableException("Interrupted while asking the master '" + type + "'", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	/**
	 * Asks the master for the cluster's status.
	 * @param timeout how long to wait for the answer
	 * @return the status
	 * @throws MasterUnavailableException if the master cannot be asked, does not answer in
	 * time or answers what is not a status
	 */
	public ClusterStatus status(Duration timeout) {
		Map<String, Object> answer = request(ControlMessage.STATUS, timeout);
		try {
			return ControlRecords.fromValue(answer, ClusterStatus.class);
		}
		catch (MalformedMessageException ex) {
			throw new MasterUnavailableException("The master answered 'status' with no status: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Passes the master's messages of a type to a handler, on the control channel's
	 * thread: the handler must not block.
	 * @param type the type of message
	 * @param handler the handler
	 */
	public void onMessage(String type, Consumer<ControlMessage> handler) {
		this.handlers.put(type, handler);
	}

	/**
	 * Sends a message to the master.
	 * @param message the message
	 * @throws UncheckedIOException if it cannot be sent, such as when it is too large
	 */
	public void deliver(ControlMessage message) {
		try {
			this.client.send(message);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send '" + message.type() + "' to the master", ex);
		}
	}

	/**
	 * Sends a message to the master; a failure is logged, since the channel closing is
	 * handled on its own.
	 * @param message the message
	 */
	public void send(ControlMessage message) {
		try {
			this.client.send(message);
		}
		catch (IOException ex) {
			logger.warn("Could not tell the master '{}': {}", message.type(), ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private void onMessage(ControlMessage message) {
		if (ControlMessage.REPLY.equals(message.type())) {
			CompletableFuture<Map<String, Object>> answer = this.pending.get(message.number(ControlMessage.REQUEST_ID));
			if (answer != null && message.values().get("body") instanceof Map<?, ?> body) {
				answer.complete((Map<String, Object>) body);
			}
			return;
		}
		Consumer<ControlMessage> handler = this.handlers.get(message.type());
		if (handler != null) {
			try {
				handler.accept(message);
			}
			catch (RuntimeException ex) {
				// the channel's one reader goes on: it also notices when the master is gone
				logger.warn("Could not handle control message '{}'", message.type(), ex);
			}
			return;
		}
		logger.debug("Ignoring control message '{}'", message.type());
	}

	private void onMasterGone() {
		logger.warn("Lost the control channel to the master; {} stops", this.identity);
		Thread exit = new Thread(() -> System.exit(0), "cluster-master-gone");
		exit.start();
	}

	@Override
	public void destroy() throws IOException {
		this.scheduling.stop();
		this.client.close();
	}

}
