package io.clusterboot.worker;

import java.io.IOException;

import io.clusterboot.ipc.ControlClient;
import io.clusterboot.ipc.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * A worker's side of the control channel. It connects while the application context is
 * built, tells the master when the worker is ready and when it drains, and stops the
 * worker gracefully if the channel closes: the master is gone, even if it was killed, and
 * a worker must not outlive it.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class WorkerControl implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WorkerControl.class);

	private final WorkerIdentity identity;

	private final ControlClient client;

	/**
	 * Connects to the master.
	 * @param identity the worker's identity
	 * @throws IOException if the master cannot be reached
	 */
	public WorkerControl(WorkerIdentity identity) throws IOException {
		this.identity = identity;
		this.client = ControlClient.connect(identity.controlSocket(), identity.token(), identity.id(),
				this::onMessage, this::onMasterGone);
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			send(ControlMessage.of(ControlMessage.READY));
		}
	}

	/**
	 * Tells the master that this worker stopped accepting connections.
	 */
	public void draining() {
		send(ControlMessage.of(ControlMessage.DRAINING));
	}

	private void send(ControlMessage message) {
		try {
			this.client.send(message);
		}
		catch (IOException ex) {
			logger.warn("Could not tell the master '{}': {}", message.type(), ex.getMessage());
		}
	}

	private void onMessage(ControlMessage message) {
		logger.debug("Ignoring control message '{}'", message.type());
	}

	private void onMasterGone() {
		logger.warn("Lost the control channel to the master; {} stops", this.identity);
		Thread exit = new Thread(() -> System.exit(0), "cluster-master-gone");
		exit.start();
	}

	@Override
	public void destroy() throws IOException {
		this.client.close();
	}

}
