package io.clusterboot.internal.leader;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.leader.ClusterLeadership;
import io.clusterboot.leader.LeadershipGrantedEvent;
import io.clusterboot.leader.LeadershipRevokedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The leadership of a worker, granted and revoked by the master over the control
 * channel. On revocation it stops new leader-only work at once and tells the master it
 * released the leadership only when the work in progress has ended, so that two workers
 * never run it at the same moment.
 *
 * @author ClusterBoot team
 */
public class WorkerLeadership implements ClusterLeadership, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLeadership.class);

	private final WorkerControl control;

	private final ApplicationEventPublisher publisher;

	private final AtomicInteger running = new AtomicInteger();

	private final ExecutorService changes = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "cluster-leadership");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean leader;

	/**
	 * Creates the leadership and starts listening to the master.
	 * @param control the worker's control channel
	 * @param publisher publishes changes
	 */
	public WorkerLeadership(WorkerControl control, ApplicationEventPublisher publisher) {
		this.control = control;
		this.publisher = publisher;
		// changes wait for work in progress and listeners: off the control channel's thread, in order
		control.onMessage(ControlMessage.LEADER_GRANTED, (message) -> this.changes.execute(this::granted));
		control.onMessage(ControlMessage.LEADER_REVOKED, (message) -> this.changes.execute(this::revoked));
	}

	@Override
	public boolean isLeader() {
		return this.leader;
	}

	@Override
	public boolean beginLeaderWork() {
		this.running.incrementAndGet();
		if (this.leader) {
			return true;
		}
		endLeaderWork();
		return false;
	}

	@Override
	public void endLeaderWork() {
		synchronized (this.running) {
			this.running.decrementAndGet();
			this.running.notifyAll();
		}
	}

	private void granted() {
		this.leader = true;
		logger.info("This worker is now the cluster's leader");
		this.publisher.publishEvent(new LeadershipGrantedEvent(this));
	}

	private void revoked() {
		this.leader = false;
		try {
			synchronized (this.running) {
				while (this.running.get() > 0) {
					this.running.wait();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.info("This worker is no longer the cluster's leader");
		this.publisher.publishEvent(new LeadershipRevokedEvent(this));
		this.control.send(ControlMessage.of(ControlMessage.LEADER_RELEASED));
	}

	@Override
	public void destroy() {
		this.changes.shutdownNow();
	}

}
