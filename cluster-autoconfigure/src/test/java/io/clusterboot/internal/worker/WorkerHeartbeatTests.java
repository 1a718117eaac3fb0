package io.clusterboot.internal.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.RecordingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerHeartbeat}.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class WorkerHeartbeatTests {

	private final BlockingQueue<ControlMessage> heartbeats = new LinkedBlockingQueue<>();

	private ControlServer master;

	private WorkerControl control;

	@BeforeEach
	void connect() throws IOException {
		this.master = ControlServer.start(new Heartbeats());
		this.control = new WorkerControl(new WorkerIdentity(7, 1, 1, 1, this.master.socketPath()));
	}

	@AfterEach
	void close() throws IOException {
		this.control.destroy();
		this.master.close();
	}

	@Test
	void beatsFromAThreadOfItsOwnWhileEveryRequestThreadIsBusy() throws Exception {
		Connectors saturated = new Connectors(4, 4);
		WorkerHeartbeat heartbeat = new WorkerHeartbeat(this.control, List.of(saturated), Duration.ofMillis(100));
		try {
			for (int i = 0; i < 2; i++) {
				ControlMessage beat = this.heartbeats.poll(5, TimeUnit.SECONDS);
				assertThat(beat).as("heartbeat %d", i + 1).isNotNull();
				assertThat(beat.number("busyThreads")).isEqualTo(4);
				assertThat(beat.number("maxThreads")).isEqualTo(4);
				assertThat(beat.number("inFlight")).isEqualTo(4);
			}
		}
		finally {
			heartbeat.destroy();
		}
		assertThat(saturated.readBy).containsExactly("cluster-heartbeat");
	}

	@Test
	void reportsNoRequestThreadsWhereRequestsRunOnNone() throws Exception {
		WorkerHeartbeat heartbeat = new WorkerHeartbeat(this.control, List.of(new Connectors(-1, -1)),
				Duration.ofMillis(100));
		try {
			ControlMessage beat = this.heartbeats.poll(5, TimeUnit.SECONDS);
			assertThat(beat).isNotNull();
			assertThat(beat.number("busyThreads")).isEqualTo(-1);
			assertThat(beat.number("maxThreads")).isEqualTo(-1);
		}
		finally {
			heartbeat.destroy();
		}
	}

	/**
	 * A web server with the given request threads, each busy with a request, that notes
	 * which threads read its figures.
	 */
	private static final class Connectors implements WorkerConnectors {

		private final Set<String> readBy = ConcurrentHashMap.newKeySet();

		private final int busyThreads;

		private final int maxThreads;

		Connectors(int busyThreads, int maxThreads) {
			this.busyThreads = busyThreads;
			this.maxThreads = maxThreads;
		}

		@Override
		public void stopAccepting() {
		}

		@Override
		public long openConnections() {
			return 4;
		}

		@Override
		public long busyConnections() {
			this.readBy.add(Thread.currentThread().getName());
			return 4;
		}

		@Override
		public long unusedConnections() {
			return 0;
		}

		@Override
		public long requestsServed() {
			return 0;
		}

		@Override
		public int busyRequestThreads() {
			return this.busyThreads;
		}

		@Override
		public int maxRequestThreads() {
			return this.maxThreads;
		}

	}

	/**
	 * Records the heartbeats, which {@link RecordingHandler} leaves out.
	 */
	private final class Heartbeats extends RecordingHandler {

		@Override
		public void onMessage(long worker, ControlMessage message) {
			if (ControlMessage.HEARTBEAT.equals(message.type())) {
				WorkerHeartbeatTests.this.heartbeats.add(message);
			}
		}

	}

}
